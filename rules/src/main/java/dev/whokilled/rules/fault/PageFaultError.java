package dev.whokilled.rules.fault;

/**
 * The error code of an x86 page fault, as printed in hex by {@code show_signal_msg} ({@code error 4}); immutable
 * and thread-safe.
 *
 * <p>Bits from {@code arch/x86/include/asm/trap_pf.h} (Linux 5.x-6.x; the same low bits since 2.6): bit 0
 * {@code X86_PF_PROT} (0: the page was not present, 1: it was present but the access broke its protection),
 * bit 1 {@code X86_PF_WRITE}, bit 2 {@code X86_PF_USER} (the access came from user mode), bit 3
 * {@code X86_PF_RSVD} (a reserved bit was set in a page-table entry), bit 4 {@code X86_PF_INSTR} (instruction
 * fetch), bit 5 {@code X86_PF_PK} (protection-key violation), bit 6 {@code X86_PF_SHSTK} (shadow-stack access,
 * added in 6.6).
 *
 * @param code the error code as the kernel printed it (an unsigned long; every value is a valid set of bits)
 */
public record PageFaultError(long code) {
    static final long PROT = 0x1;
    static final long WRITE = 0x2;
    static final long USER = 0x4;
    static final long RSVD = 0x8;
    static final long INSTR = 0x10;
    static final long PK = 0x20;
    static final long SHSTK = 0x40;

    /** Addresses below one page: the kernel never maps page 0, so an access there is a NULL pointer plus an offset. */
    static final long NULL_PAGE_END = 4096;

    /**
     * What the process tried to do, for a person: {@code "read of unmapped address 0 (a NULL pointer dereference)"},
     * {@code "write to read-only address 0x7f12a000"}, {@code "instruction fetch from non-executable address 0x601000"}.
     *
     * @param address the faulting address from the same line
     */
    public String describe(long address) {
        StringBuilder text = new StringBuilder();
        boolean present = has(PROT);
        if (has(INSTR)) {
            text.append("instruction fetch from ").append(present ? "non-executable " : "unmapped ");
        } else if (has(WRITE)) {
            text.append("write to ").append(present ? "read-only " : "unmapped ");
        } else {
            text.append("read of ").append(present ? "protected " : "unmapped ");
        }
        text.append("address ").append(address == 0 ? "0" : "0x" + Long.toHexString(address));
        if (Long.compareUnsigned(address, NULL_PAGE_END) < 0) {
            text.append(" (a NULL pointer dereference)");
        }
        if (has(PK)) {
            text.append(", blocked by a memory protection key");
        }
        if (has(SHSTK)) {
            text.append(", a shadow-stack access");
        }
        if (has(RSVD)) {
            text.append(", with a reserved bit set in a page-table entry (page tables corrupt: suspect the kernel or hardware)");
        }
        if (!has(USER)) {
            text.append(", from kernel mode");
        }
        return text.toString();
    }

    private boolean has(long bit) {
        return (code & bit) != 0;
    }
}
