package io.gesturestream.model.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strict JSON parser of gesture JSONL: what it gives, and the one message (with its column) for what it refuses. */
class JsonTest {
    private static void assertRefused(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
        assertEquals(message, e.getMessage(), text);
    }

    @Test
    void valuesOfEveryKindWithWhitespaceAround() {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("b", List.of(1.0, -2.5, 300.0, 0.0, -0.0));
        want.put("a", "x");
        want.put("t", true);
        want.put("f", false);
        want.put("n", null);
        want.put("o", Map.of());
        want.put("e", List.of());
        Object got = Json.parse(" \t\r\n{ \"b\" :\t[ 1 , -2.5e0,3E2, 0 ,-0 ] ,\n\"a\":\"x\",\"t\":true,\"f\":false,\"n\":null,"
                + "\"o\":{ },\"e\":[\t] } \r\n");
        assertEquals(want, got);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(((Map<?, ?>) got).keySet()), "keys in their order");
        assertNull(Json.parse("null"));
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse("false"));
        assertEquals(0.5, Json.parse("0.5"));
        assertEquals(1.25e-3, Json.parse("1.25E-3"));
        assertEquals(120.0, Json.parse("1.2e+2"));
        assertEquals(-7.0, Json.parse("-7"));
        assertEquals(List.of(List.of(List.of())), Json.parse("[[[]]]"));
    }

    @Test
    void stringEscapesAreUndone() {
        assertEquals("q\" b\\ s/ \b\f\n\r\t A\u00e9 \u20ac", Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0041\\u00E9 \\u20ac\""));
        assertEquals("", Json.parse("\"\""));
        assertEquals("\u007f~", Json.parse("\"\u007f~\""));
    }

    @Test
    void refusesWhatIsNotJsonNamingTheColumn() {
        assertRefused("", "unexpected end of line at column 1");
        assertRefused("   ", "unexpected end of line at column 4");
        assertRefused("[1,", "unexpected end of line at column 4");
        assertRefused("x", "unexpected character 'x' at column 1");
        assertRefused("[+1]", "unexpected character '+' at column 2");
        assertRefused("nul", "bad literal at column 1");
        assertRefused("[tru]", "bad literal at column 2");
        assertRefused("fals", "bad literal at column 1");
        assertRefused("true false", "unexpected text after the value at column 6");
        assertRefused("01", "unexpected text after the value at column 2");
        assertRefused("{a:1}", "expected a quoted key at column 2");
        assertRefused("{\"a\":1,}", "expected a quoted key at column 8");
        assertRefused("{\"a\":1,", "expected a quoted key at column 8");
        assertRefused("{", "expected a quoted key at column 2");
        assertRefused("{\"a\" 1}", "expected ':' at column 6");
        assertRefused("{\"a\"", "expected ':' at column 5");
        assertRefused("{\"a\":1 \"b\":2}", "expected '}' at column 8");
        assertRefused("{\"a\":1", "expected '}' at column 7");
        assertRefused("{\"a\":1,\"a\":2}", "duplicate key \"a\" at column 13");
        assertRefused("[1 2]", "expected ']' at column 4");
        assertRefused("[1", "expected ']' at column 3");
        assertRefused("[1,]", "unexpected character ']' at column 4");
        assertRefused("[", "unexpected end of line at column 2");
    }

    @Test
    void refusesBadStrings() {
        assertRefused("\"abc", "unterminated string at column 5");
        assertRefused("\"a\tb\"", "control character in a string at column 4");
        assertRefused("\"\u001f\"", "control character in a string at column 3");
        assertRefused("\"\\", "unterminated escape at column 3");
        assertRefused("\"\\x\"", "bad escape '\\x' at column 4");
        assertRefused("\"\\u12\"", "short \\u escape at column 4");
        assertRefused("\"\\u123", "short \\u escape at column 4");
        assertRefused("\"\\uzzzz\"", "bad \\u escape at column 4");
        assertEquals("\u1234", Json.parse("\"\\u1234\""), "exactly four digits before the closing quote");
        assertRefused("\"\\u1234", "unterminated string at column 8");
    }

    @Test
    void refusesBadNumbers() {
        assertRefused("-", "bad number at column 2");
        assertRefused("-a", "bad number at column 2");
        assertRefused("[-]", "bad number at column 3");
        assertRefused("1.", "bad number at column 3");
        assertRefused("1.e5", "bad number at column 3");
        assertRefused("1e", "bad number at column 3");
        assertRefused("1e+", "bad number at column 4");
        assertRefused("1E-x", "bad number at column 4");
        String longest = "1" + "0".repeat(63);
        assertEquals(Double.parseDouble(longest), Json.parse(longest), "64 characters");
        assertRefused(longest + "0", "number too long at column 66");
        assertRefused("-" + longest, "number too long at column 66");
    }

    @Test
    void nestingIsLimitedTo32Levels() {
        String ok = "[".repeat(33) + "]".repeat(33);  // depths 0 to 32
        Object v = Json.parse(ok);
        for (int d = 0; d < 32; d++) v = ((List<?>) v).get(0);
        assertEquals(List.of(), v);
        assertRefused("[".repeat(34) + "]".repeat(34), "nesting deeper than 32 at column 34");
        assertRefused("{\"a\":".repeat(34) + "1" + "}".repeat(34), "nesting deeper than 32 at column 166");
    }

    @Test
    void quoteEscapesWhatJsonRequiresAndParseUndoesIt() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f g\u00e9\"", Json.quote("a\"b\\c\nd\re\tf\u0001\u001f g\u00e9"));
        assertEquals("\"\"", Json.quote(""));
        List<String> odd = new ArrayList<>(Arrays.asList("\u0000", "\b\f", "tab\there", "\"quoted\"", "back\\slash", "/", "\u2028"));
        for (String s : odd) assertEquals(s, Json.parse(Json.quote(s)), s);
    }
}
