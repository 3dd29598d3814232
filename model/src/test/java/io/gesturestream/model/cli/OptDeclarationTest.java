package io.gesturestream.model.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options and commands declared inside the test (not in a static field, so that every run
 * declares them anew): what each factory makes, and what a declaration refuses.
 */
class OptDeclarationTest {
    @Test
    void eachFactoryMakesTheOptionItSays() throws Exception {
        Opt<String> text = Opt.text("out", "FILE", "where");
        assertEquals(List.of("out", "FILE", "where"), List.of(text.name(), text.arg(), text.help()));
        assertNull(text.def());
        assertFalse(text.isRequired() || text.isFlag());
        assertEquals(" any thing ", text.type().read("--out", " any thing "));
        assertEquals("--out FILE", text.synopsis());
        assertEquals("where", text.describe());

        Opt<Integer> n = Opt.integer("n", "how many", 1, 2, 1);
        assertEquals("how many, 1 or 2", n.help());
        assertEquals(2, n.type().read("--n", " 2 "));
        assertEquals("how many, 0-2 (default 2)", Opt.integer("m", "how many", 0, 2, 2).describe());
        assertEquals("--m must be in [0, 2], got 3", assertThrows(Command.UsageException.class,
                () -> Opt.integer("m", "how many", 0, 2, 2).type().read("--m", "3")).getMessage());

        Opt<Long> w = Opt.whole("seed", "the seed", -3L);
        assertEquals(List.of("N", -3L), List.of(w.arg(), w.def()));
        assertEquals(-9_000_000_000L, w.type().read("--seed", "-9000000000"));
        assertEquals("the seed (default -3)", w.describe());

        Opt<Double> x = Opt.number("rate", "how fast", Opt.Range.leftOpen(0, 1), 1);
        assertEquals("how fast, in (0, 1] (default 1)", x.describe());
        assertEquals(1.0, x.type().read("--rate", " 1 "));
        assertEquals("--rate must be in (0, 1], got 0", assertThrows(Command.UsageException.class, () -> x.type().read("--rate", "0")).getMessage());
        assertTrue(Opt.Range.leftOpen(0, 1).contains(1) && !Opt.Range.leftOpen(0, 1).contains(0));

        Opt<String> of = Opt.of("side", "S", "a side", (o, v) -> o + "=" + v.toUpperCase());
        assertEquals("--side=L", of.type().read("--side", "l"));
        Opt<String> req = of.required();
        assertTrue(req.isRequired() && !of.isRequired());
        assertEquals("a side; required", req.describe());
        Opt<String> def = of.withDefault("r");
        assertEquals("r", def.def());
        assertEquals("a side (default r)", def.describe());
        Opt<String> note = def.defaultIs("the right one");
        assertEquals("a side (default: the right one)", note.describe());
        assertEquals("a side; required (default: the right one)", note.required().describe());
        assertEquals(List.of("side", "S", "r"), List.of(note.name(), note.arg(), note.def()));

        Opt<Boolean> flag = Opt.flag("loud", "say more");
        assertTrue(flag.isFlag());
        assertEquals(List.of("--loud", "say more", false), List.of(flag.synopsis(), flag.describe(), flag.def()));
    }

    @Test
    void aBadDeclarationIsRefusedNamingTheOption() {
        for (String bad : List.of("-x", "--x", "help", "h")) {
            assertEquals("bad option name " + bad, assertThrows(IllegalArgumentException.class, () -> Opt.flag(bad, "x")).getMessage());
        }
        assertEquals("--n: a value needs both its arg and its type",
                assertThrows(IllegalArgumentException.class, () -> new Opt<String>("n", "N", "h", null, null, false, null)).getMessage());
        assertEquals("--n: a value needs both its arg and its type",
                assertThrows(IllegalArgumentException.class, () -> new Opt<String>("n", null, "h", null, null, false, (o, v) -> v)).getMessage());
        assertEquals("hh", new Opt<String>("hh", "H", "h", null, null, false, (o, v) -> v).name());
        Opt<Integer> a = Opt.integer("a", "first", 1, 9, 1);
        assertEquals("make: --a declared twice", assertThrows(IllegalArgumentException.class,
                () -> new Command("make", "Makes.", List.of(a, Opt.flag("b", "x"), Opt.flag("a", "again")))).getMessage());
        assertEquals(List.of("a", "b"), new Command("make", "Makes.", List.of(a, Opt.flag("b", "x"))).options().stream().map(Opt::name).toList());
    }

    @Test
    void theSynopsisSaysOptionsOnlyWhenThereAreOptionalOnes() throws Exception {
        Opt<String> in = Opt.text("in", "FILE", "read").required();
        assertEquals("--in FILE", new Command("c", "C.", List.of(in)).synopsis());
        assertEquals("--in FILE [options]", new Command("c", "C.", List.of(in, Opt.flag("v", "verbose"))).synopsis());
        assertEquals("THING", new Command("c", "C.", new Command.Operand("THING", "a thing"), List.of()).synopsis());
        assertEquals("", new Command("c", "C.", List.of()).synopsis());
        assertEquals(String.join("\n", "usage: p c ", "C.", "", "  -h, --help  print this help"), new Command("c", "C.", List.of()).help("p"));
    }

    @Test
    void anEmptyOptionNameIsUnknownAndItsValueIsNotPartOfIt() {
        Command c = new Command("c", "C.", List.of(Opt.flag("v", "verbose")));
        assertEquals("unknown option --", assertThrows(Command.UsageException.class, () -> c.parse(new String[] {"c", "--=x"}, 1)).getMessage());
        assertEquals("unknown option --", assertThrows(Command.UsageException.class, () -> c.parse(new String[] {"c", "--"}, 1)).getMessage());
        assertEquals("--v takes no value", assertThrows(Command.UsageException.class, () -> c.parse(new String[] {"c", "--v="}, 1)).getMessage());
    }
}
