package dev.netpolauditor.analysis;

import java.util.List;

/**
 * The estates {@link Score} version 2 was calibrated on, with their figures: what the README's
 * calibration table and the report's Summary sheet publish. {@code ScoreCalibrationTest} audits
 * each estate (kept with the tests) and fails when a figure here is not what the audit computes.
 *
 * @param estate    the estate in words
 * @param endpoints E
 * @param high      open high findings
 * @param medium    open medium findings
 * @param low       open low findings
 * @param routine   of those, routine ones (DNS egress, a namespace absent from the inputs)
 * @param scoreV1   the score of version 1, {@link Score#FORMULA_V1}
 * @param score     the score of this version
 */
public record ScoreCalibration(String estate, long endpoints, long high, long medium, long low, long routine,
        int scoreV1, int score) {

    /** The table, best score first. */
    public static final List<ScoreCalibration> TABLE = List.of(
            new ScoreCalibration("Locked down both ways, DNS open to every namespace", 4, 0, 4, 0, 4, 20, 99),
            new ScoreCalibration("netpol-auditor's own deploy/", 2, 0, 0, 2, 1, 50, 97),
            new ScoreCalibration("StackRox (ACS) security demo", 11, 0, 7, 0, 5, 28, 84),
            new ScoreCalibration("Locked down with DNS, plus ten stale policies (10 low)", 4, 0, 4, 10, 4, 13, 79),
            new ScoreCalibration("Locked down with DNS, plus one cross-tenant leak", 4, 1, 4, 0, 4, 13, 62),
            new ScoreCalibration("Online Boutique (np-guard's policies)", 12, 1, 6, 5, 8, 24, 60),
            new ScoreCalibration("examples/web-api-db (the README's example)", 4, 2, 6, 2, 0, 8, 20),
            new ScoreCalibration("Wide open: the same workloads without any policy", 4, 14, 8, 4, 0, 2, 0));
}
