package dev.netpolauditor.engine;

/**
 * Why {@code from} may (or may not) connect to {@code to}: each side's rules and the ports
 * they admit. {@code allowed} is the intersection of both sides.
 */
public record ConnectionExplanation(Endpoint from, Endpoint to, SideExplanation egress, SideExplanation ingress) {

    public PortSet allowed() {
        return egress.allowed().intersect(ingress.allowed());
    }
}
