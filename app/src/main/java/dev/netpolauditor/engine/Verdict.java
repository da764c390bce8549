package dev.netpolauditor.engine;

import dev.netpolauditor.model.Protocol;
import java.util.List;

/**
 * The answer to "may {@code from} open a connection to {@code to} on protocol/port", with the
 * decision of each side for each distinct kind of member pair (one pair for endpoints whose
 * members are alike). Allowed when some member pair is allowed by both its sides.
 */
public record Verdict(Endpoint from, Endpoint to, Protocol protocol, int port, List<MemberVerdict> members) {

    public Verdict {
        members = List.copyOf(members);
    }

    /** One kind of member pair, named by representatives, and each side's decision: the source's egress, the destination's ingress. */
    public record MemberVerdict(String fromMember, String toMember, SideDecision egress, SideDecision ingress) {
        public boolean allowed() {
            return egress.allows() && ingress.allows();
        }
    }

    public boolean allowed() {
        return members.stream().anyMatch(MemberVerdict::allowed);
    }
}
