package dev.netpolauditor.engine;

import dev.netpolauditor.model.Protocol;

/**
 * The answer to "may {@code from} open a connection to {@code to} on protocol/port", with the
 * decision of each side: the source's egress and the destination's ingress. Allowed only
 * when both sides allow.
 */
public record Verdict(
        Endpoint from, Endpoint to, Protocol protocol, int port, SideDecision egress, SideDecision ingress) {

    public boolean allowed() {
        return egress.allows() && ingress.allows();
    }
}
