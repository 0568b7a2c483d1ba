package org.aecapture.service;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Subject;
import org.aecapture.report.AtomicFile;
import org.aecapture.sdtm.DatasetJsonWriter;
import org.aecapture.sdtm.DefineListing;
import org.aecapture.sdtm.SdtmDataset;
import org.aecapture.sdtm.SdtmMapper;
import org.aecapture.sdtm.XptWriter;

/**
 * The SDTM export: DM, AE and SUPPAE as SAS transport v5 ({@code .xpt}) and Dataset-JSON 1.1 ({@code .json}),
 * with a define-style listing ({@code define.csv}). The same roles as the summary export; only the unblinded
 * statistician's unforced export carries the arms. The files appear together or not at all: each is written
 * beside its target first and the set is moved into place only when every one is complete.
 */
public final class SdtmExport {

    /** What was written. */
    public record Result(boolean blinded, Map<String, Integer> recordsByDataset, List<Path> files) { }

    /** The source system named in the Dataset-JSON files. */
    static final String SOURCE_SYSTEM = "AE Capture";

    private final AeCapture app;
    private final String applicationVersion;

    SdtmExport(AeCapture app, String applicationVersion) {
        this.app = app;
        this.applicationVersion = applicationVersion;
    }

    /** The datasets as they would be exported now; with {@code forceBlinded} the arms are not even read. */
    public SdtmMapper.Output compute(boolean forceBlinded, LocalDate cutoff) {
        record Snapshot(List<Subject> subjects, List<AdverseEvent> aes, Map<String, String> arms) { }
        boolean blinded = app.exportIsBlinded("export SDTM datasets", forceBlinded);
        Snapshot data = app.database().read(tx -> {
            boolean loaded = app.randomizationRepository().isLoaded(tx);
            Map<String, String> arms = loaded && !blinded ? app.randomizationRepository().armsBySubjectNumber(tx, app.armKey(tx)) : Map.of();
            return new Snapshot(app.subjectRepository().findAll(tx), app.adverseEventRepository().findAll(tx, false), arms);
        });
        return SdtmMapper.map(new SdtmMapper.Input(app.study(), app.catalog(), data.subjects(), data.aes(), data.arms(),
                blinded || data.arms().isEmpty(), cutoff));
    }

    public Result export(Path dir, boolean forceBlinded, LocalDate cutoff) {
        SdtmMapper.Output output = compute(forceBlinded, cutoff);
        return write(output, dir);
    }

    /** Writes computed datasets into {@code dir}: every file or, on any failure, none (files already there stay as they were). */
    public Result write(SdtmMapper.Output output, Path dir) {
        LocalDateTime created = LocalDateTime.ofInstant(app.database().clock().instant(), ZoneId.systemDefault()).withNano(0);
        DatasetJsonWriter.Source source = new DatasetJsonWriter.Source(app.study().sdtmStudyId(), app.study().sponsor(), SOURCE_SYSTEM,
                applicationVersion, app.database().clock().instant().atZone(ZoneId.systemDefault()).toOffsetDateTime());
        Map<Path, AtomicFile.Content> files = new LinkedHashMap<>();
        Map<String, Integer> records = new LinkedHashMap<>();
        for (SdtmDataset d : output.all()) {
            String base = d.name().toLowerCase(Locale.ROOT);
            files.put(dir.resolve(base + ".xpt"), out -> XptWriter.write(d, out, created));
            files.put(dir.resolve(base + ".json"), out -> DatasetJsonWriter.write(d, out, source));
            records.put(d.name(), d.rows().size());
        }
        files.put(dir.resolve("define.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            DefineListing.write(output.all(), w);
            w.flush();
        });
        boolean blinded = output.dm().rows().stream().allMatch(r -> r.get(output.dm().indexOf("ARMCD")) == null);
        try {
            AtomicFile.writeAll(files, !blinded); // with arms: readable by the statistician alone
        } catch (IOException e) {
            throw new UncheckedIOException("The SDTM datasets could not be written to " + dir + ": " + e.getMessage()
                    + ". No file was left half-written and none was replaced.", e);
        }
        return new Result(blinded, records, List.copyOf(files.keySet()));
    }
}
