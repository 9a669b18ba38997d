package dev.brisk.engine.examples;
public class Demo { public static void main(String[] a){ System.out.println(Runtime.version()+" "+ModuleLayer.boot().findModule("jdk.incubator.vector")); } }
