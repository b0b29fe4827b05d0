import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs DynamoDB Local bound to 127.0.0.1. DynamoDB Local has no listen-address option and binds every
 * interface; this builds the server from the usual command line, sets the host of its Jetty connector
 * before it starts, then runs it. Arguments are those of DynamoDBLocal.jar (-inMemory -sharedDb -port N ...).
 */
public final class LoopbackDynamoDbLocal {
    private LoopbackDynamoDbLocal() {
    }

    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        // The Jetty server is private to DynamoDBProxyServer; its connector exists from construction on.
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        Connector[] connectors = server.getConnectors();
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local created no connector to bind");
        }
        for (Connector connector : connectors) {
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        proxy.start();
        proxy.join();
    }
}
