package io.gesturestream.model.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gesturestream.model.cli.Opt.Range.above;
import static io.gesturestream.model.cli.Opt.Range.closed;
import static io.gesturestream.model.cli.Opt.Range.closedOpen;
import static io.gesturestream.model.cli.Opt.Range.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The declaration is the parser and the help: what one declares, the other reads and shows. */
class CommandTest {
    static final Opt<String> OUT = Opt.text("out", "FILE", "where to write").required();
    static final Opt<Integer> SIZE = Opt.integer("size", "how many", 1, 9, 3);
    static final Opt<Double> RATE = Opt.number("rate", "how fast", closedOpen(0, 1), 0.5);
    static final Opt<Boolean> LOUD = Opt.flag("loud", "say more");
    static final Opt<String> TAG = Opt.text("tag", "T", "a label").defaultIs("the file name");
    static final Command MAKE = new Command("make", "Makes a thing.", List.of(OUT, SIZE, RATE, LOUD, TAG));
    static final Command SHOW = new Command("show", "Shows a thing.", new Command.Operand("THING", "a thing"), List.of(LOUD));

    private static Command.Parsed parse(Command c, String... words) throws Command.UsageException {
        String[] args = new String[words.length + 1];
        args[0] = c.name();
        System.arraycopy(words, 0, args, 1, words.length);
        return c.parse(args, 1);
    }

    private static void assertRefused(String message, Command c, String... words) {
        Command.UsageException e = assertThrows(Command.UsageException.class, () -> parse(c, words));
        assertEquals(message, e.getMessage());
    }

    @Test
    void readsValuesInBothFormsAndDefaultsTheRest() throws Exception {
        Command.Parsed p = parse(MAKE, "--out", "a.txt", "--size=7", "--loud");
        assertEquals("a.txt", p.get(OUT));
        assertEquals(7, p.get(SIZE));
        assertTrue(p.get(LOUD));
        assertEquals(0.5, p.get(RATE));
        assertNull(p.get(TAG));
        assertTrue(p.given(SIZE) && !p.given(RATE) && !p.given(TAG));
        assertEquals(List.of("--out", "a.txt", "--size=7", "--loud"), p.words());
        assertFalse(p.help());
    }

    @Test
    void refusesWhatItDoesNotDeclareOrCannotRead() {
        assertRefused("unknown option --bogus", MAKE, "--out", "a", "--bogus", "1");
        assertRefused("--out is required", MAKE, "--size", "2");
        assertRefused("--out is required", MAKE, "--out", " ");
        assertRefused("--out needs a value", MAKE, "--out");
        assertRefused("--out needs a value", MAKE, "--out", "--loud");
        assertRefused("--size given twice", MAKE, "--out", "a", "--size", "2", "--size=3");
        assertRefused("--loud takes no value", MAKE, "--out", "a", "--loud=yes");
        assertRefused("--size must be a whole number, got 'x'", MAKE, "--out", "a", "--size", "x");
        assertRefused("--size must be in [1, 9], got 10", MAKE, "--out", "a", "--size", "10");
        assertRefused("--rate must be a number, got 'Infinity'", MAKE, "--out", "a", "--rate", "Infinity");
        assertRefused("--rate must be in [0, 1), got 1.0", MAKE, "--out", "a", "--rate", "1.0");
        assertRefused("unexpected argument 'x'", MAKE, "--out", "a", "x");
        assertRefused("unexpected argument '-s' (options start with --)", MAKE, "--out", "a", "-s");
        // the first problem on the line is the one reported
        assertRefused("unknown option --a", MAKE, "--a", "--size", "0");
    }

    @Test
    void anOperandIsTakenExactlyOnce() throws Exception {
        assertEquals("t1", parse(SHOW, "t1", "--loud").operand());
        assertRefused("show takes one THING (a thing)", SHOW);
        assertRefused("show takes one THING (a thing)", SHOW, "t1", "t2");
    }

    @Test
    void helpAnywhereWinsOverWhatIsWrong() throws Exception {
        assertTrue(parse(MAKE, "--bogus", "--size", "0", "--help").help());
        assertTrue(parse(MAKE, "-h").help());
        assertTrue(parse(MAKE, "--out", "--help").help());
        assertTrue(parse(SHOW, "-h").help());
    }

    @Test
    void helpListsEveryOptionWithItsArgumentRangeAndDefault() {
        assertEquals(String.join("\n",
                "usage: prog make --out FILE [options]",
                "Makes a thing.",
                "",
                "  --out FILE  where to write; required",
                "  --size N    how many, 1-9 (default 3)",
                "  --rate X    how fast, in [0, 1) (default 0.5)",
                "  --loud      say more",
                "  --tag T     a label (default: the file name)",
                "  -h, --help  print this help"), MAKE.help("prog"));
        assertEquals(String.join("\n",
                "usage: prog show THING [options]",
                "Shows a thing.",
                "",
                "  THING       a thing",
                "  --loud      say more",
                "  -h, --help  print this help"), SHOW.help("prog"));
    }

    @Test
    void aCommandReadsOnlyWhatItDeclaresAndDeclaresEachOptionOnce() throws Exception {
        Command.Parsed p = parse(SHOW, "t1");
        assertThrows(IllegalStateException.class, () -> p.get(SIZE));
        assertThrows(IllegalArgumentException.class, () -> new Command("x", "", List.of(SIZE, Opt.flag("size", "again"))));
        assertThrows(IllegalArgumentException.class, () -> Opt.flag("help", "mine"));
    }

    @Test
    void rangesCheckWhatTheyShow() {
        assertEquals("in (0, 1)", open(0, 1).toString());
        assertEquals("in [0, 4]", closed(0, 4).toString());
        assertEquals("in [0, 1)", closedOpen(0, 1).toString());
        assertEquals("> 0", above(0).toString());
        assertFalse(open(0, 1).contains(0) || open(0, 1).contains(1));
        assertTrue(closed(0, 4).contains(0) && closed(0, 4).contains(4));
        assertTrue(closedOpen(0, 1).contains(0) && !closedOpen(0, 1).contains(1));
        assertTrue(above(0).contains(1e30) && !above(0).contains(0));
        assertEquals("0.005", Opt.show((double) 0.005f));
        assertEquals("1", Opt.show(1.0));
    }
}
