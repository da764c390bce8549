package dev.netpolauditor.analysis;

import java.util.List;

/** A finding rule whose catalog entry (id, severity, subject kind, title, controls) is fixed at construction. */
public abstract class CatalogRule implements FindingRule {
    private final String id;
    private final Severity severity;
    private final FindingSubject.Kind subjectKind;
    private final String title;
    private final List<Control> controls;

    protected CatalogRule(String id, Severity severity, FindingSubject.Kind subjectKind, String title,
            Control... controls) {
        this.id = id;
        this.severity = severity;
        this.subjectKind = subjectKind;
        this.title = title;
        this.controls = List.of(controls);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final FindingSubject.Kind subjectKind() {
        return subjectKind;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final List<Control> controls() {
        return controls;
    }
}
