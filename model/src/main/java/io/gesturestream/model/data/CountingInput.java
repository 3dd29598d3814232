package io.gesturestream.model.data;

import io.gesturestream.model.Meter;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file read as text that reports the KiB read so far to a {@link Meter.Step}. */
final class CountingInput extends FilterInputStream {
    private final Meter.Step step;
    private long bytes;

    private CountingInput(InputStream in, Meter.Step step) {
        super(in);
        this.step = step;
    }

    /** The step to start for reading {@code file}: its size in KiB. */
    static Meter.Step start(Meter meter, Path file) throws IOException {
        return meter.start("reading " + file.getFileName(), (Files.size(file) + 1023) / 1024, "KiB");
    }

    /**
     * A reader of {@code file} whose decoder reports malformed input, as
     * {@link Files#newBufferedReader(Path, Charset)} does.
     */
    static BufferedReader reader(Path file, Charset cs, Meter.Step step) throws IOException {
        return new BufferedReader(new InputStreamReader(new CountingInput(Files.newInputStream(file), step), cs.newDecoder()));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) count(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        if (s > 0) count(s);
        return s;
    }

    private void count(long n) {
        bytes += n;
        step.update(bytes / 1024);
    }
}
