import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Runs mongo-java-server in memory on loopback for gault's tests and demo.
 *
 * <p>Usage: {@code GaultTestServer [--port N] [--watch-stdin]} (port 0, the default, picks a free
 * port). Prints one line {@code ready mongodb://127.0.0.1:PORT} once the server accepts
 * connections, then serves until SIGTERM or SIGINT, when it shuts down and exits with status 0.
 * With {@code --watch-stdin} it also stops when its standard input closes: a parent that holds
 * the other end of a pipe (the test suite) cannot leave it running, even when killed.
 */
public final class GaultTestServer {

    /** The lowest server version the newest PyMongo accepts: MongoDB 4.4, wire version 9. */
    private static final MongoVersion ANNOUNCED_VERSION = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(4, 4, 0);
        }

        @Override
        public int getWireVersion() {
            return 9;
        }
    };

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--watch-stdin")) {
                watchStdin = true;
            } else if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = Integer.parseInt(args[i].substring("--port=".length()));
            } else {
                System.err.println("usage: test-server [--port N] [--watch-stdin]");
                System.exit(2);
            }
        }
        MongoServer server = new MongoServer(new MemoryBackend().version(ANNOUNCED_VERSION));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // Discard input; only its end matters.
                    }
                } catch (java.io.IOException closed) {
                    // A broken pipe is an end too.
                }
                stop.countDown();
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        System.out.println("ready mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        System.out.flush();
        stop.await();
        server.shutdownNow();
        System.exit(0);
    }
}
