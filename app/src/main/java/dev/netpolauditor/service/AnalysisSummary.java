package dev.netpolauditor.service;

import dev.netpolauditor.store.StoredSnapshot;

/** The headline figures of a complete snapshot's analysis (or of a re-analysis), as the edges show them. */
public record AnalysisSummary(long endpoints, int endpointGroups, int score, int openHigh, int openMedium,
        int openLow, int openInfo, int excepted) {
    static AnalysisSummary of(StoredSnapshot.Summary s) {
        return new AnalysisSummary(s.endpoints(), s.endpointGroups(), s.score(), s.openHigh(), s.openMedium(),
                s.openLow(), s.openInfo(), s.excepted());
    }
}
