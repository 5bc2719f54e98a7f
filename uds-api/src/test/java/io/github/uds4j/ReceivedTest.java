package io.github.uds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Received} as a value: what it accepts, what it tells. */
class ReceivedTest {

    @Test
    void tellsLengthTruncationSenderAndDescriptors() {
        UnixSocketAddress from = UnixSocketAddress.ofAbstract("peer");
        Descriptor d = Descriptor.of(FileDescriptor.in);
        Received r = Received.of(10, true, from, Collections.singletonList(d), 2);
        assertThat(r.length()).isEqualTo(10);
        assertThat(r.isTruncated()).isTrue();
        assertThat(r.isEndOfStream()).isFalse();
        assertThat(r.sender()).isEqualTo(from);
        assertThat(r.descriptors()).containsExactly(d);
        assertThat(r.droppedDescriptors()).isEqualTo(2);
        assertThat(r.toString())
                .isEqualTo("Received[10 bytes, truncated, from @peer, 1 descriptors, 2 dropped]");
    }

    @Test
    void anEmptyMessageIsNotTheEnd() {
        Received empty = Received.of(0, false, null, null, 0);
        assertThat(empty.isEndOfStream()).isFalse();
        assertThat(empty.descriptors()).isEmpty();
        assertThat(empty.sender()).isNull();
        assertThat(empty.toString()).isEqualTo("Received[0 bytes]");
        Received end = Received.of(-1, false, null, null, 0);
        assertThat(end.isEndOfStream()).isTrue();
        assertThat(end.toString()).isEqualTo("Received[end of stream]");
    }

    @Test
    void impossibleResultsAreRefused() {
        assertThatThrownBy(() -> Received.of(-2, false, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length=-2");
        assertThatThrownBy(() -> Received.of(1, false, null, null, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropped=-1");
        assertThatThrownBy(() -> Received.of(-1, true, null, null, 0))
                .as("the end cannot be truncated")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptorsAreACopyThatCannotBeChanged() {
        List<Descriptor> given = new ArrayList<Descriptor>();
        Descriptor d = Descriptor.of(FileDescriptor.in);
        given.add(d);
        Received r = Received.of(1, false, null, given, 0);
        given.clear();
        assertThat(r.descriptors()).containsExactly(d);
        assertThatThrownBy(() -> r.descriptors().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
