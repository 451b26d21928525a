package io.portway.delivery.transport;

import io.portway.support.AddressRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FILE delivery stays below its allowed roots: {@code ..}, links that exist and links that appear are refused. */
class FileAdapterTest {

    @TempDir
    Path root;
    @TempDir
    Path outside;

    FileAdapter adapter() {
        return new FileAdapter(new AddressRules(List.of(root.toString()), List.of(), List.of()));
    }

    Outbound outbound(String address) {
        return new Outbound("i-1", "m-1", "p-1", address, Map.of(), Map.of(), "<x/>".getBytes(StandardCharsets.UTF_8),
                null);
    }

    @Test
    void writesBelowTheRoot_creatingDirectories() throws Exception {
        Sent sent = adapter().send(outbound(root.toUri() + "a/b/%MessageID%.xml"));

        assertThat(Files.readString(root.resolve("a/b/m-1.xml"))).isEqualTo("<x/>");
        assertThat(sent.destination()).endsWith("/a/b/m-1.xml");
        assertThat(Files.list(root.resolve("a/b"))).hasSize(1);
    }

    @Test
    void dotDotOutOfTheRootIsRefused() {
        assertThatThrownBy(() -> adapter().send(outbound(root.toUri() + "../" + outside.getFileName() + "/x.xml")))
                .isInstanceOf(AddressNotAllowedException.class);
        assertThat(outside.resolve("x.xml")).doesNotExist();
    }

    @Test
    void aSymbolicLinkBelowTheRoot_evenOneCreatedAfterTheConfigurationWasChecked_isNotFollowed() throws Exception {
        String address = root.toUri() + "later/x.xml";
        assertThat(new AddressRules(List.of(root.toString()), List.of(), List.of())
                .problem(io.portway.events.TransportType.FILE, address)).isNull();
        Files.createSymbolicLink(root.resolve("later"), outside);

        assertThatThrownBy(() -> adapter().send(outbound(address))).isInstanceOf(AddressNotAllowedException.class);
        assertThat(outside.resolve("x.xml")).doesNotExist();
    }

    @Test
    void aSymbolicLinkAsTheFileNameIsReplacedNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim"), "keep");
        Files.createSymbolicLink(root.resolve("x.xml"), victim);

        assertThatThrownBy(() -> adapter().send(outbound(root.toUri() + "x.xml")))
                .isInstanceOf(AddressNotAllowedException.class);
        assertThat(Files.readString(victim)).isEqualTo("keep");
    }

    @Test
    void noRootMeansNowhere() {
        FileAdapter nowhere = new FileAdapter(new AddressRules(List.of(), List.of(), List.of()));
        assertThatThrownBy(() -> nowhere.send(outbound(root.toUri() + "x.xml")))
                .isInstanceOf(AddressNotAllowedException.class).hasMessageContaining("no allowed root");
        assertThat(root.resolve("x.xml")).doesNotExist();
    }
}
