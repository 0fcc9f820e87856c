package org.civitas.rules.notify;

/** How one attempt went: whether it was delivered, and what the other side said. */
record SendResult(boolean delivered, String outcome) {}
