package dev.brisk.datasets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RFC 4180 line parser: what it accepts, what it gives back, and where it says a line is wrong. */
class CsvTest {

    private static List<String> split(String line) {
        return Csv.COMMA.split(line);
    }

    @Test
    void plainFieldsAreSplitAtEachComma() {
        assertEquals(List.of("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6"),
                split("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6"));
    }

    @Test
    void aQuotedFieldMayHoldCommas() {
        assertEquals(List.of("536381", "AIRLINE LOUNGE,METAL SIGN", "2"), split("536381,\"AIRLINE LOUNGE,METAL SIGN\",2"));
    }

    @Test
    void aDoubledQuoteInsideQuotesIsOneQuote() {
        // Line 873 of the Online Retail file.
        assertEquals(List.of("22041", "RECORD FRAME 7\" SINGLE SIZE ", "48"), split("22041,\"RECORD FRAME 7\"\" SINGLE SIZE \",48"));
        assertEquals(List.of("\""), split("\"\"\"\""));
        assertEquals(List.of("a\"\"b"), split("\"a\"\"\"\"b\""));
        assertEquals(List.of("\"x\"", "y"), split("\"\"\"x\"\"\",y"));
    }

    @Test
    void spacesAreData() {
        assertEquals(List.of(" a ", "FANCY FONT BIRTHDAY CARD, ", " "), split(" a ,\"FANCY FONT BIRTHDAY CARD, \", "));
    }

    @Test
    void emptyFieldsAreEmptyStrings() {
        assertEquals(List.of(""), split(""));
        assertEquals(List.of("", ""), split(","));
        assertEquals(List.of("a", "", "c", ""), split("a,,c,"));
        assertEquals(List.of("", "b", ""), split("\"\",b,\"\""));
        assertEquals(List.of("", ""), split("\"\","));
    }

    @Test
    void otherSeparators() {
        Csv semicolon = Csv.separatedBy(';');
        assertEquals(';', semicolon.separator());
        assertEquals(List.of("58", "management", "a,b", "x;y"), semicolon.split("58;\"management\";a,b;\"x;y\""));
        assertEquals(List.of("a", "b c"), Csv.separatedBy('\t').split("a\tb c"));
        assertSame(Csv.COMMA, Csv.separatedBy(','));
        for (char bad : new char[]{'"', '\n', '\r'}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.separatedBy(bad));
            assertTrue(e.getMessage().startsWith("csv: the separator cannot be"), e.getMessage());
        }
    }

    @Test
    void nonAsciiTextIsKept() {
        assertEquals(List.of("Gift Voucher £40.00", "Ελλάδα"), split("Gift Voucher £40.00,\"Ελλάδα\""));
    }

    @Test
    void theListIsClearedAndReused() {
        List<String> fields = new ArrayList<>(List.of("left", "over", "from", "before"));
        assertEquals(2, Csv.COMMA.split("x,y", fields));
        assertEquals(List.of("x", "y"), fields);
    }

    @Test
    void anUnterminatedQuoteIsAnErrorAtTheEndOfTheLine() {
        String line = "536381,\"AIRLINE LOUNGE,METAL SIGN,2";
        Csv.ParseException e = assertThrows(Csv.ParseException.class, () -> split(line));
        assertEquals(2, e.field());
        assertEquals(line.length() + 1, e.position());
        assertEquals("csv: quoted field 2 opened at character 8 is not closed by the end of the line "
                + "(a quoted field cannot span lines here)", e.getMessage());
        assertEquals(e.getMessage(), "csv: " + e.detail());
        // A doubled quote is not a closing one.
        assertThrows(Csv.ParseException.class, () -> split("\"abc\"\""));
        assertThrows(Csv.ParseException.class, () -> split("\""));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsAnError() {
        Csv.ParseException e = assertThrows(Csv.ParseException.class, () -> split("a,bc\"d,e"));
        assertEquals(2, e.field());
        assertEquals(5, e.position());
        assertTrue(e.getMessage().startsWith("csv: a quote inside unquoted field 2 at character 5"), e.getMessage());
        // A space before the opening quote makes the field unquoted, as RFC 4180 says.
        assertEquals(1, assertThrows(Csv.ParseException.class, () -> split(" \"a\"")).field());
    }

    @Test
    void onlyASeparatorMayFollowAClosingQuote() {
        Csv.ParseException e = assertThrows(Csv.ParseException.class, () -> split("x,\"ab\"c,d"));
        assertEquals(2, e.field());
        assertEquals(7, e.position());
        assertEquals("csv: 'c' after the closing quote of field 2 at character 7 (expected ',' or the end of the line)",
                e.getMessage());
        Csv.ParseException space = assertThrows(Csv.ParseException.class, () -> split("\"ab\" ,c"));
        assertTrue(space.getMessage().contains("a space after the closing quote of field 1"), space.getMessage());
        Csv.ParseException control = assertThrows(Csv.ParseException.class, () -> split("\"ab\"\u0001"));
        assertTrue(control.getMessage().contains("the control character U+0001"), control.getMessage());
    }
}
