package dev.whokilled.rules.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.rules.evidence.ServiceEventKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternTableTest {
    private static final String HEADER = "# id\tidentifier\tmessage\tevidence\tfixed\n\n";

    @Test
    void defaults_loadsTheShippedTableInOrder() {
        List<String> ids = PatternTable.defaults().ids();

        assertEquals("systemd.main-process-killed", ids.get(0));
        assertTrue(ids.contains("earlyoom.sending"), () -> ids.toString());
        assertTrue(ids.indexOf("systemd.received-signal") < ids.indexOf("systemd.received-signal.no-sender"));
    }

    @Test
    void parse_validRow_keepsItsParts() {
        PatternTable table = PatternTable.parse(HEADER
                + "x.kill\tx\tkilled (?<pid>\\d+)\tuserspace-kill\tkiller=x,signal=KILL\n"
                + "x.unit\tx\t(?<unit>\\S+) died\tservice:FAILED_RESULT\tresult=signal\n", "test.tsv");

        UserspacePattern kill = table.patterns().get(0);
        assertEquals("x.kill", kill.id());
        assertEquals(3, kill.line());
        assertTrue(kill.isKill());
        assertEquals(Set.of(Field.PID), kill.groups());
        assertEquals(Map.of(Field.KILLER, "x", Field.SIGNAL, "KILL"), kill.fixed());
        assertEquals(Optional.of(ServiceEventKind.FAILED_RESULT), table.patterns().get(1).serviceEvent());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            x.bad\\tx\\tkilled (?<pid>\\\\d+\\tuserspace-kill\\tkiller=x                     | test.tsv line 3 (pattern x.bad): message regex does not compile
            x.bad\\t(x\\tkilled\\tuserspace-kill\\tkiller=x                                   | test.tsv line 3 (pattern x.bad): identifier regex does not compile
            x.bad\\tx\\tkilled (?<victim>\\\\d+)\\tuserspace-kill\\tkiller=x                  | test.tsv line 3 (pattern x.bad): unknown group 'victim'
            x.bad\\tx\\t(?<unit>\\\\S+) killed\\tuserspace-kill\\tkiller=x                    | test.tsv line 3 (pattern x.bad): group 'unit' has no place in a userspace-kill
            x.bad\\tx\\tkilled (?<cgroup>/.*)\\tservice:FAILED_RESULT\\t                      | test.tsv line 3 (pattern x.bad): group 'cgroup' has no place in a service event
            x.bad\\tx\\tkilled\\tservice:EXPLODED\\t                                          | test.tsv line 3 (pattern x.bad): unknown evidence kind 'service:EXPLODED'
            x.bad\\tx\\tkilled\\tuserspace-kill\\t                                            | test.tsv line 3 (pattern x.bad): a userspace-kill pattern needs a killer
            x.bad\\tx\\tkilled\\tuserspace-kill\\tkiller=x,signal=BOGUS                       | test.tsv line 3 (pattern x.bad): fixed signal='BOGUS' is not allowed
            x.bad\\tx\\tkilled\\tuserspace-kill\\tkiller=x,pid=12                             | test.tsv line 3 (pattern x.bad): fixed pid='12' is not allowed (only pid=@writer)
            x.bad\\tx\\tkilled (?<pid>\\\\d+)\\tuserspace-kill\\tkiller=x,pid=@writer         | test.tsv line 3 (pattern x.bad): field 'pid' is both a group and a fixed value
            x.bad\\tx\\tkilled\\tuserspace-kill\\tkiller                                      | test.tsv line 3 (pattern x.bad): fixed field 'killer' is not field=value
            x.bad\\tx\\tkilled\\tuserspace-kill                                               | test.tsv line 3 (pattern x.bad): expected 5 tab-separated columns
            x.bad\\tx\\t\\tuserspace-kill\\tkiller=x                                          | test.tsv line 3 (pattern x.bad): message regex is empty
            \\tx\\tkilled\\tuserspace-kill\\tkiller=x                                         | test.tsv line 3: pattern id is empty
            """)
    void parse_invalidRow_failsNamingLineAndPattern(String row, String expectedStart) {
        String text = HEADER + row.replace("\\t", "\t").replace("\\\\", "\\") + "\n";

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatternTable.parse(text, "test.tsv"));

        assertTrue(e.getMessage().startsWith(expectedStart), e::getMessage);
    }

    @Test
    void parse_duplicateId_failsOnTheSecondRow() {
        String row = "x.dup\tx\tkilled\tuserspace-kill\tkiller=x\n";

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PatternTable.parse(HEADER + row + row, "test.tsv"));

        assertEquals("test.tsv line 4 (pattern x.dup): duplicate pattern id", e.getMessage());
    }
}
