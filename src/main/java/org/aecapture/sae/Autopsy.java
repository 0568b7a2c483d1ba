package org.aecapture.sae;

/** Whether an autopsy was done on a subject who died (CIOMS I item 8 asks it with the cause of death). */
public enum Autopsy {
    YES, NO, UNKNOWN
}
