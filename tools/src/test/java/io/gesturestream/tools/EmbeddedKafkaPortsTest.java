package io.gesturestream.tools;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded broker's listeners each get a port of their own (a CI run once failed on two listeners given the same port). */
class EmbeddedKafkaPortsTest {

    @Test
    void freePortsAreDistinctAndNeverTheTakenOne() throws Exception {
        for (int round = 0; round < 300; round++) {
            int taken;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                taken = s.getLocalPort();   // free again when closed: the kernel may offer it next
            }
            int[] p = EmbeddedKafka.freePorts(3, taken);
            assertEquals(3, Arrays.stream(p).distinct().count(), Arrays.toString(p));
            for (int x : p) {
                assertTrue(x > 0 && x <= 65535, Arrays.toString(p));
                assertTrue(x != taken, taken + " given back in " + Arrays.toString(p));
            }
        }
    }
}
