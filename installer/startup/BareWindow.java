import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The yardstick for start-up: a bare JavaFX window, packaged exactly like AE Capture. */
public class BareWindow extends Application {

    /** A plain main class, as AE Capture has: a class-path launch must not start from an Application. */
    public static final class Launcher {
        public static void main(String[] args) {
            Application.launch(BareWindow.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Bare Window");
        stage.setScene(new Scene(new StackPane(new Label("bare")), 1280, 720));
        stage.show();
    }
}
