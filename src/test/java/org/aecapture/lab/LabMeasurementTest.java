package org.aecapture.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.util.Map;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.ContentHash;
import org.aecapture.store.StoreTestSupport;
import org.junit.jupiter.api.Test;

class LabMeasurementTest {

    /**
     * A verification mark names an AE's content digest, which prints the laboratory value: adding the diastolic value (CTCAE
     * v6.0 Hypertension) must not change the print, and so the digest, of any AE verified before.
     */
    @Test
    void printsAsBeforeTheDiastolicValueUnlessThereIsOne() {
        LabMeasurement anc = new LabMeasurement(new BigDecimal("0.8"), "10^9/L", new BigDecimal("1.8"), null, null,
                Map.of(ClinicalFact.SYMPTOMATIC, true));
        assertEquals("LabMeasurement[value=0.8, unit=10^9/L, lln=1.8, uln=null, baseline=null, facts={SYMPTOMATIC=true}]", anc.toString());
        LabMeasurement bp = new LabMeasurement(new BigDecimal("150"), "mmHg", null, null, null, null, new BigDecimal("105"));
        assertEquals("LabMeasurement[value=150, unit=mmHg, lln=null, uln=null, baseline=null, facts={}, diastolic=105]", bp.toString());

        AdverseEvent ae = StoreTestSupport.headache("101-001").toBuilder().lab(anc).build();
        AdverseEvent other = ae.toBuilder().lab(new LabMeasurement(new BigDecimal("0.8"), "10^9/L", new BigDecimal("1.8"), null, null,
                Map.of(ClinicalFact.SYMPTOMATIC, true), new BigDecimal("1"))).build();
        assertNotEquals(ContentHash.of(ae), ContentHash.of(other), "a diastolic value is content");
    }
}
