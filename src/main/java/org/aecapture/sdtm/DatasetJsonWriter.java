package org.aecapture.sdtm;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes one dataset as CDISC Dataset-JSON 1.1: the dataset's metadata, a column per variable (itemOID
 * {@code IT.<dataset>.<variable>}, name, label, data type, length of character variables, key sequence) and
 * the rows as arrays, streamed so that a large AE domain never sits in memory twice.
 */
public final class DatasetJsonWriter {

    public static final String VERSION = "1.1.0";

    /** What the file says about where it comes from. */
    public record Source(String studyOid, String originator, String systemName, String systemVersion, OffsetDateTime created) { }

    private static final JsonFactory JSON = new JsonFactory();

    private DatasetJsonWriter() {
    }

    public static void write(SdtmDataset dataset, OutputStream out, Source source) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("datasetJSONCreationDateTime", source.created().truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            g.writeStringField("datasetJSONVersion", VERSION);
            g.writeStringField("fileOID", "FILE." + source.studyOid() + "." + dataset.name());
            g.writeStringField("originator", source.originator());
            g.writeObjectFieldStart("sourceSystem");
            g.writeStringField("name", source.systemName());
            g.writeStringField("version", source.systemVersion());
            g.writeEndObject();
            g.writeStringField("studyOID", source.studyOid());
            g.writeStringField("metaDataVersionOID", "MDV." + source.studyOid() + ".SDTMIG.3.4");
            g.writeStringField("itemGroupOID", "IG." + dataset.name());
            g.writeNumberField("records", dataset.rows().size());
            g.writeStringField("name", dataset.name());
            g.writeStringField("label", dataset.label());
            g.writeArrayFieldStart("columns");
            for (int v = 0; v < dataset.variables().size(); v++) {
                SdtmVariable variable = dataset.variables().get(v);
                g.writeStartObject();
                g.writeStringField("itemOID", "IT." + dataset.name() + "." + variable.name());
                g.writeStringField("name", variable.name());
                g.writeStringField("label", variable.label());
                g.writeStringField("dataType", variable.isNumeric() ? "integer" : "string");
                if (!variable.isNumeric()) {
                    g.writeNumberField("length", dataset.length(v));
                }
                int key = dataset.keys().indexOf(variable.name());
                if (key >= 0) {
                    g.writeNumberField("keySequence", key + 1);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (List<Object> row : dataset.rows()) {
                g.writeStartArray();
                for (Object value : row) {
                    if (value == null) {
                        g.writeNull();
                    } else if (value instanceof Integer i) {
                        g.writeNumber(i);
                    } else {
                        g.writeString((String) value);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
