package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Abstract names as values: what {@link UnixSocketAddress#ofAbstract} accepts and shows. */
class AbstractAddressTest {

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void longestNameIs107BytesAndOneMoreIsRefusedNamingIt() {
        assertThat(UnixSocketAddress.MAX_ABSTRACT_BYTES).isEqualTo(107);
        UnixSocketAddress longest = UnixSocketAddress.ofAbstract(bytes(107, 'a'));
        assertThat(longest.byteLength()).isEqualTo(107);
        assertThat(UnixSocketAddress.ofAbstract(new String(bytes(107, 'b'),
                StandardCharsets.US_ASCII)).byteLength()).isEqualTo(107);
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract(bytes(108, 'c')))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@ccc")
                .hasMessageContaining("108 bytes long; the limit is 107 bytes");
        // The limit counts UTF-8 bytes: 54 two-byte characters are 108 bytes.
        String twoByte = new String(new char[54]).replace('\0', '\u00e9');
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract(twoByte))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("108 bytes");
        assertThat(UnixSocketAddress.ofAbstract(twoByte.substring(1)).byteLength())
                .isEqualTo(106);
    }

    @Test
    void emptyAndNullNamesAreRefused() {
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract((String) null))
                .isInstanceOf(NullPointerException.class).hasMessage("name == null");
        assertThatThrownBy(() -> UnixSocketAddress.ofAbstract((byte[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("name == null");
    }

    @Test
    void toStringShowsAnAtAndEscapesWhatIsNotPrintableText() {
        assertThat(UnixSocketAddress.ofAbstract("my-service").toString()).isEqualTo("@my-service");
        assertThat(UnixSocketAddress.ofAbstract("@x").toString()).isEqualTo("@@x");
        assertThat(UnixSocketAddress.ofAbstract("caf\u00e9").toString()).isEqualTo("@caf\u00e9");
        assertThat(UnixSocketAddress.ofAbstract(new byte[] {'a', 0, 'b'}).toString())
                .isEqualTo("@a\\x00b");
        assertThat(UnixSocketAddress.ofAbstract(new byte[] {'a', 0}).toString())
                .as("a trailing NUL is part of the name and shown").isEqualTo("@a\\x00");
        assertThat(UnixSocketAddress.ofAbstract(new byte[] {(byte) 0xff, 'z'}).toString())
                .as("not UTF-8").isEqualTo("@\\xffz");
        assertThat(UnixSocketAddress.ofAbstract("back\\slash").toString())
                .as("a backslash is escaped, so that an escape is never ambiguous")
                .isEqualTo("@back\\x5cslash");
        assertThat(UnixSocketAddress.ofAbstract("tab\there").toString())
                .isEqualTo("@tab\\x09here");
        assertThat(UnixSocketAddress.ofAbstract(new byte[] {0x7f}).toString())
                .isEqualTo("@\\x7f");
    }

    @Test
    void equalityIsByTheBytesAndNeverEqualsAPath() {
        UnixSocketAddress a = UnixSocketAddress.ofAbstract("name");
        assertThat(a).isEqualTo(UnixSocketAddress.ofAbstract("name".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.hashCode()).isEqualTo(UnixSocketAddress.ofAbstract("name").hashCode());
        assertThat(a).isNotEqualTo(UnixSocketAddress.ofAbstract("name\0"));
        assertThat(a).isNotEqualTo(UnixSocketAddress.ofAbstract("nam"));
        assertThat(a).isNotEqualTo(UnixSocketAddress.of("name"));
        assertThat(UnixSocketAddress.of("name")).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(UnixSocketAddress.of("@name"));
        assertThat(UnixSocketAddress.of("@name")).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(null).isNotEqualTo("@name");
    }

    @Test
    void anAtSignInOfStaysAFilePath() {
        UnixSocketAddress file = UnixSocketAddress.of("@x");
        assertThat(file.isAbstract()).isFalse();
        assertThat(file.getPath()).isEqualTo(Paths.get("@x"));
        assertThat(file.toString()).isEqualTo("@x");
        assertThat(UnixSocketAddress.of(Paths.get("@x")).isAbstract()).isFalse();
        assertThatThrownBy(file::abstractName)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@x");
    }

    @Test
    void anAbstractNameHasNoFile() {
        UnixSocketAddress a = UnixSocketAddress.ofAbstract("svc");
        assertThat(a.isAbstract()).isTrue();
        assertThatThrownBy(a::getPath)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("@svc")
                .hasMessageContaining("abstract");
        assertThatThrownBy(a::toFile)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("@svc");
    }

    @Test
    void theNameIsCopiedInAndOut() {
        byte[] name = {'a', 'b'};
        UnixSocketAddress a = UnixSocketAddress.ofAbstract(name);
        name[0] = 'z';
        assertThat(a.abstractName()).isEqualTo(new byte[] {'a', 'b'});
        a.abstractName()[1] = 'z';
        assertThat(a.abstractName()).isEqualTo(new byte[] {'a', 'b'});
        assertThat(a.toString()).isEqualTo("@ab");
    }
}
