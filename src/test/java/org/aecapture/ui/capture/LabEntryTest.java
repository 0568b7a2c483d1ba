package org.aecapture.ui.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.aecapture.lab.LabCriteria;
import org.junit.jupiter.api.Test;

/** The lab entry of the AE form, without a scene: what it asks for follows the term's criteria. */
class LabEntryTest {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.ui.messages", Locale.ENGLISH);
    private final LabCriteria criteria = LabCriteria.bundled();
    private final LabEntry entry = new LabEntry(TEXT, criteria);

    private void show(String term) {
        entry.show(criteria.codeOf(term).orElseThrow());
    }

    @Test
    void aMeasurementIsNamedAndAsksOnlyForTheReferencesItsCriteriaUse() {
        show("Neutrophil count decreased");
        assertEquals("La_boratory value", entry.titleProperty().get());
        assertTrue(entry.limitsAskedProperty().get() && entry.baselineAskedProperty().get(), "a laboratory's range, as before");

        show("Fever");
        assertEquals("Tem_perature", entry.titleProperty().get());
        assertFalse(entry.limitsAskedProperty().get() || entry.baselineAskedProperty().get(), "a temperature has neither");
        assertEquals(List.of("\u00b0C", "\u00b0F"), List.copyOf(entry.units));

        show("Electrocardiogram QT corrected interval prolonged");
        assertEquals("_QTc", entry.titleProperty().get());
        assertFalse(entry.limitsAskedProperty().get());
        assertTrue(entry.baselineAskedProperty().get(), ">60 ms change from baseline");

        show("Diarrhea");
        assertEquals("Stools per da_y", entry.titleProperty().get());
        assertFalse(entry.limitsAskedProperty().get());
        assertTrue(entry.baselineAskedProperty().get(), "the increase over the usual number of stools");

        show("Alanine aminotransferase increased"); // ULN, and "if baseline was abnormal"
        assertTrue(entry.limitsAskedProperty().get() && entry.baselineAskedProperty().get());
        entry.show(null);
        assertFalse(entry.isShown());
        assertEquals("La_boratory value", entry.titleProperty().get());
    }
}
