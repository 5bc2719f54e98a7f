package io.github.uds4j.jdk16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping the names the JDK reports for SO_PEERCRED back to ids. */
class IdLookupTest {
    @TempDir
    Path dir;

    @Test
    void parsesEntriesAndTheFirstOfTwoWins() {
        Map<String, Long> ids = IdLookup.parse(String.join("\n",
                "# a comment",
                "root:x:0:0:root:/root:/bin/bash",
                "",
                "+nis",
                "alice:x:1000:1000::/home/alice:/bin/sh",
                "alice:x:1001:1001::/home/alice2:/bin/sh",
                "broken:x:notanumber:1",
                "short:x",
                "big:x:4294967295:0",
                "wheel:x:10:root,alice").getBytes(StandardCharsets.UTF_8));
        assertThat(ids).containsOnly(Map.entry("root", 0L), Map.entry("alice", 1000L),
                Map.entry("wheel", 10L));
    }

    @Test
    void parsesOnlyPlainDecimalIds() {
        assertThat(IdLookup.parseId("0")).isZero();
        assertThat(IdLookup.parseId("65534")).isEqualTo(65534);
        assertThat(IdLookup.parseId("4294967294")).isEqualTo(4294967294L);
        assertThat(IdLookup.parseId("4294967295")).isEqualTo(-1);
        assertThat(IdLookup.parseId("")).isEqualTo(-1);
        assertThat(IdLookup.parseId("-1")).isEqualTo(-1);
        assertThat(IdLookup.parseId("12a")).isEqualTo(-1);
        assertThat(IdLookup.parseId("99999999999")).isEqualTo(-1);
    }

    @Test
    void mapsNamesFromTheFileAndNumbersAsThemselves() throws Exception {
        Path passwd = write("alice:x:1000:1000::/home/alice:/bin/sh\n");
        IdLookup users = new IdLookup("user", "passwd", passwd);
        assertThat(users.idOf("alice")).isEqualTo(1000);
        assertThat(users.idOf("1234")).isEqualTo(1234);
    }

    @Test
    void refusesANumericNameThatIsAlsoAnotherUsersName() throws Exception {
        Path passwd = write("1234:x:5000:5000::/:/bin/sh\n");
        IdLookup users = new IdLookup("user", "passwd", passwd);
        assertThatThrownBy(() -> users.idOf("1234"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1234").hasMessageContaining("5000");
    }

    @Test
    void readsTheFileAgainWhenItChanges() throws Exception {
        Path passwd = write("alice:x:1000:1000::/home/alice:/bin/sh\n");
        IdLookup users = new IdLookup("user", "passwd", passwd);
        assertThat(users.idOf("alice")).isEqualTo(1000);
        Files.writeString(passwd, "alice:x:2000:2000::/home/alice:/bin/sh\n");
        Files.setLastModifiedTime(passwd, FileTime.fromMillis(
                Files.getLastModifiedTime(passwd).toMillis() + 10_000));
        assertThat(users.idOf("alice")).isEqualTo(2000);
    }

    @Test
    void asksGetentForNamesNotInTheFile() throws Exception {
        assumeThat(Files.isExecutable(Paths.get("/usr/bin/getent"))).as("getent installed").isTrue();
        IdLookup users = new IdLookup("user", "passwd", write(""));
        IdLookup groups = new IdLookup("group", "group", dir.resolve("no-such-file"));
        assertThat(users.idOf("root")).isZero();
        assertThat(groups.idOf("root")).isZero();
    }

    @Test
    void unknownNameFailsNamingIt() throws Exception {
        IdLookup users = new IdLookup("user", "passwd", write("alice:x:1000:1000::/:/bin/sh\n"));
        assertThatThrownBy(() -> users.idOf("no-such-user-uds4j"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-user-uds4j");
        assertThatThrownBy(() -> users.idOf("a:b")).isInstanceOf(IOException.class);
    }

    @Test
    void idsOf2To31AndAboveAsTheJdkNamesThem() throws Exception {
        // The JDK falls back to Integer.toString of the id as a signed int.
        IdLookup users = new IdLookup("user", "passwd", write(""), name -> {
            throw new IOException("no name service in this test: " + name);
        });
        assertThat(users.idOf(Integer.toString((int) 3_000_000_000L))).isEqualTo(3_000_000_000L);
        assertThat(users.idOf("-2147483648")).isEqualTo(2_147_483_648L);
        assertThat(users.idOf("2147483647")).isEqualTo(2_147_483_647L);
        assertThat(users.idOf("-2")).isEqualTo(4_294_967_294L);
        // (uid_t) -1 is no id, and anything below -2^31 is no int
        assertThatThrownBy(() -> users.idOf("-1")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> users.idOf("-2147483649")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> users.idOf("-0")).isInstanceOf(IOException.class);
    }

    @Test
    void aNegativeNameIsNeverAUsersNameInTheFile() throws Exception {
        // A line starting with '-' is a NIS compat exclusion, not a user called "-2".
        IdLookup users = new IdLookup("user", "passwd", write("-2:x:5000:5000::/:/bin/sh\n"));
        assertThat(users.idOf("-2")).isEqualTo(4_294_967_294L);
    }

    @Test
    void aFailedLookupIsRememberedForAWhileNotAskedAgainEachTime() throws Exception {
        Path passwd = write("alice:x:1000:1000::/:/bin/sh\n");
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong(0);
        IdLookup users = new IdLookup("user", "passwd", passwd, name -> {
            asked.incrementAndGet();
            throw new IOException("unknown " + name);
        }, now::get);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> users.idOf("ghost"))
                    .isInstanceOf(IOException.class).hasMessageContaining("unknown ghost");
        }
        assertThat(asked).as("name service asked").hasValue(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(IdLookup.FAILURE_SECONDS) + 1);
        assertThatThrownBy(() -> users.idOf("ghost")).isInstanceOf(IOException.class);
        assertThat(asked).as("asked again once the failure is old").hasValue(2);
        // a changed file forgets it too
        Files.writeString(passwd, "bob:x:1001:1001::/:/bin/sh\n");
        Files.setLastModifiedTime(passwd, FileTime.fromMillis(
                Files.getLastModifiedTime(passwd).toMillis() + 10_000));
        assertThatThrownBy(() -> users.idOf("ghost")).isInstanceOf(IOException.class);
        assertThat(asked).hasValue(3);
        assertThat(users.idOf("bob")).isEqualTo(1001);
    }

    @Test
    void systemDatabasesAgreeWithFileOwnership() throws Exception {
        Path file = Files.createFile(dir.resolve("mine"));
        long uid = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(file, "unix:gid")).longValue();
        String user = Files.getOwner(file).getName();
        String group = Files.readAttributes(file, PosixFileAttributes.class).group().getName();
        assertThat(IdLookup.USERS.idOf(user)).isEqualTo(uid);
        assertThat(IdLookup.GROUPS.idOf(group)).isEqualTo(gid);
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("db"), content);
    }
}
