import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local for the local runner, bound to 127.0.0.1 only, and tied to its parent's life.
 *
 * DynamoDB Local has no bind-address option: its server is `new Server(port)`, all interfaces, and
 * it accepts any credentials, so anyone on the network could read the tables and plant an API key.
 * We build the same server its own main() builds, point each connector at 127.0.0.1 before it
 * opens, and refuse to run (exit 78) when the socket is not on loopback after all.
 *
 * The watchdog: the runner holds our stdin open. When the runner ends, however it ends (SIGKILL
 * included), the pipe closes, we read EOF and halt, so no Java outlives the runner.
 *
 * Run in Java's single-file source mode (no build step):
 *   java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" -Djava.library.path=DynamoDBLocal_lib \
 *     LoopbackDynamoDB.java -port N (-inMemory | -dbPath DIR) -sharedDb
 * Prints "LISTENING 127.0.0.1:<port>" on stdout once it accepts connections.
 */
public class LoopbackDynamoDB {
  static final String LOOPBACK = "127.0.0.1";
  /** EX_CONFIG: the runner reports it as "cannot bind loopback". */
  static final int EXIT_NOT_LOOPBACK = 78;

  public static void main(String[] args) throws Exception {
    startWatchdog(System.in);
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = jettyOf(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) refuse("DynamoDB Local has no network connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) refuse("unexpected connector " + connector.getClass().getName());
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    proxy.start();
    // start() reports a busy port on stderr and returns without throwing: check what is open.
    for (Connector connector : connectors) {
      ServerConnector sc = (ServerConnector) connector;
      Object transport = sc.getTransport();
      if (!(transport instanceof ServerSocketChannel) || !((ServerSocketChannel) transport).isOpen()) {
        System.err.println("DynamoDB Local did not open its port (see the message above)");
        Runtime.getRuntime().halt(1);
      }
      InetSocketAddress bound = (InetSocketAddress) ((ServerSocketChannel) transport).getLocalAddress();
      if (!bound.getAddress().isLoopbackAddress()) refuse("it listens on " + bound + ", not on loopback");
      System.out.println("LISTENING " + LOOPBACK + ":" + bound.getPort());
    }
    System.out.flush();
    server.join();
  }

  static Server jettyOf(DynamoDBProxyServer proxy) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(proxy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      refuse("this DynamoDB Local version hides its Jetty server differently (" + e + ")");
      return null;
    }
  }

  static void refuse(String why) {
    System.err.println("Cannot bind DynamoDB Local to " + LOOPBACK + " only: " + why);
    Runtime.getRuntime().halt(EXIT_NOT_LOOPBACK);
  }

  /** Halts (no shutdown hooks that could hang) when the parent closes our stdin. */
  static void startWatchdog(InputStream in) {
    Thread watchdog = new Thread(() -> {
      byte[] buffer = new byte[256];
      try {
        while (in.read(buffer) != -1) {
          // The runner never writes; anything read is ignored.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same as EOF: the parent is gone.
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
