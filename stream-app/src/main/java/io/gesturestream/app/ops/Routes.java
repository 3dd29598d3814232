package io.gesturestream.app.ops;

import com.sun.net.httpserver.HttpServer;

/** More pages on the app's HTTP server (the drawing page), closed with it. */
public interface Routes extends AutoCloseable {
    /** Adds this one's contexts to {@code server}. */
    void register(HttpServer server);

    @Override
    void close();
}
