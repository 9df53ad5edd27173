package io.smoothkd.translation.metrics;

import java.util.regex.Pattern;

/**
 * sacreBLEU's default tokeniser {@code 13a} (the mteval-v13a.pl tokenisation of WMT): drops {@code <skipped>},
 * joins {@code -\n}, turns newlines into spaces, unescapes {@code &quot; &amp; &lt; &gt;}, puts spaces around the
 * symbols {@code { | } ~ [ \ ] ^ _ `} and {@code space ! " # $ % & ( ) * + : ; < = > ? @ /}, splits full stops and
 * commas from what is not a digit on either side, splits a dash that follows a digit, and collapses white space.
 */
public final class Tokenizer13a {
    private static final Pattern SYMBOLS = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_BEFORE = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {
    }

    /** The tokens of a line, separated by single spaces. */
    public static String tokenize(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.contains("&")) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = SYMBOLS.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", s.strip().split("\\s+")).strip();
    }
}
