package org.aecapture.sdtm;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A define-style listing of what the export holds: one line per variable with its dataset, order, name, label,
 * type, length as written, origin, key sequence and the dictionary its values come from (the CTCAE version that graded
 * AETOXGR, the MedDRA version of that CTCAE's terms and codes). Short of a Define-XML, it is what a statistician needs to
 * read the files.
 */
public final class DefineListing {

    public static final List<String> HEADER = List.of("dataset", "dataset_label", "records", "order", "variable", "label",
            "type", "length", "origin", "key_sequence", "dictionary");

    private DefineListing() {
    }

    public static void write(List<SdtmDataset> datasets, Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).build());
        for (SdtmDataset d : datasets) {
            for (int v = 0; v < d.variables().size(); v++) {
                SdtmVariable variable = d.variables().get(v);
                int key = d.keys().indexOf(variable.name());
                csv.printRecord(d.name(), d.label(), d.rows().size(), v + 1, variable.name(), variable.label(),
                        variable.isNumeric() ? "Num" : "Char", d.length(v), variable.origin(), key < 0 ? "" : key + 1,
                        variable.dictionary());
            }
        }
        csv.flush();
    }
}
