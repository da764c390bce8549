package dev.netpolauditor.engine;

import java.util.Map;

/**
 * The members (pods, or templates) of one endpoint group that every selector, named port and
 * address rule sees alike: the engine decides every rule once per member group. {@code labels}
 * are the values of the label keys any pod selector reads; {@code addresses} has one character
 * per distinct network that matches members by address ({@link AddressMatch}), '1' where it
 * matches these members; {@code serviceAccount} their account (the {@code default} one when no
 * network plugin is known, which tells members apart by it).
 */
record MemberGroup(int id, int endpointGroup, String namespace, Map<String, String> labels,
        NamedPorts namedPorts, String addresses, String serviceAccount) {}
