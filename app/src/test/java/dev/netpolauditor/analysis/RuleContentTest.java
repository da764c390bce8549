package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleContentTest {

    /** RFC 8785, section 3.2.2: the example of the specification, its input parsed as a JSON parser would. */
    @Test
    void writesTheExampleOfRfc8785() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001));
        input.put("string", "\u20ac$\u000F\nA'B\"\\\\\"/");
        input.put("literals", Arrays.asList(null, true, false));
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", RuleContent.canonicalJson(input));
    }

    /**
     * IEEE 754 values and their ECMAScript forms, from RFC 8785's appendix B (each checked against
     * Python's repr, which prints the same shortest digits).
     */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555555, 333333333.3333333",
        "c1b3de4355555555, -333333333.3333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void printsNumbersAsEcmaScriptDoes(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, RuleContent.number(d));
    }

    @Test
    void integersOfTheSpecAreWrittenWithoutAFraction() {
        // beyond 2^53 a number is the nearest double, as RFC 8785 (I-JSON) says
        assertEquals("[80,65535,-1,9007199254740992]", RuleContent.canonicalJson(
                List.of(80L, 65535, -1L, new BigInteger("9007199254740993"))));
        assertEquals("80", RuleContent.number(80L));
    }

    @Test
    void sortsMembersByUtf16CodeUnitsAndHashesTheUtf8Text() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("ports", List.of(Map.of("protocol", "TCP", "port", 443L)));
        rule.put("from", List.of(Map.of("ipBlock", Map.of("cidr", "203.0.113.0/24"))));
        assertEquals("{\"from\":[{\"ipBlock\":{\"cidr\":\"203.0.113.0/24\"}}],\"ports\":[{\"port\":443,"
                + "\"protocol\":\"TCP\"}]}", RuleContent.canonicalJson(rule));
        // the same text hashed by Python: json.dumps(rule, sort_keys=True, separators=(',', ':'))
        assertEquals("aa3c5b5d6e1a487d231a1ca76c74ec2b14b3d1f355046559921c9d1523219b8d", RuleContent.sha256(rule));
        // RFC 8785 3.2.3: by UTF-16 code units, so U+20AC sorts before the surrogate pair of U+1F600
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("\u20ac", 1L);
        keys.put("\ud83d\ude00", 2L);
        keys.put("\r", 3L);
        keys.put("1", 4L);
        keys.put("\u0080", 5L);
        keys.put("\u00f6", 6L);
        assertEquals("{\"\\r\":3,\"1\":4,\"\u0080\":5,\"\u00f6\":6,\"\u20ac\":1,\"\ud83d\ude00\":2}",
                RuleContent.canonicalJson(keys));
    }
}
