"""吹哨报到: a community (or the street) summons member units to an urgent matter, and each
unit answers, arrives, checks in at the place and reports; what a community cannot settle
escalates to the street, which can summon units of the whole street."""
