package io.gesturestream.model.eval;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorTest {
    @Test
    void reportsEachGestureDoneWhateverTheThreadCount() {
        Model m = Fixtures.tinyModel(8, 1, 3);
        List<Gesture> test = Fixtures.shapes(5, 2, 4);
        for (int threads : new int[] {1, 3}) {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            EvalReport r = Evaluator.evaluate(m, test, threads, seen::add);
            assertEquals(Evaluator.evaluate(m, test, threads).accuracy(), r.accuracy());
            assertEquals(test.size(), seen.size());
            assertEquals(test.size(), seen.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }
}
