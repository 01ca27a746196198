/*
 * Blocks translated by forked children, handed back to the parent.
 *
 * A fork copies the translation cache, so a child runs for free what its
 * parent had translated, but what only children run (a shell's subshell
 * path, exit, the child side of fork) dies with each child and the next one
 * translates it again: busybox sh's $(...) made every child redo some 180
 * blocks. So a child reports the key of every block it translates into a
 * ring that all processes forked from one ancestor share (MAP_SHARED,
 * created at that ancestor's first fork), and a process about to fork
 * first translates the keys reported since its last look (tb_pretranslate),
 * for the child it is about to create and all later ones. Children report
 * the jumps they chain too (tb_prechain): chaining patches generated code,
 * and each child patching the same jumps would also copy the code pages.
 *
 * Only keys travel, never code: the parent translates its own memory at
 * that key, which is right even if the child had other code there (it is
 * then only wasted work). Entries carry their sequence number, written last,
 * so that a reader skips a slot being written or overwritten (a full ring
 * wraps: a lagging reader loses the oldest keys, which costs only speed).
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "linux-user/user.h"

#define FORK_SHARE_SLOTS 16384u
/* Keys translated per fork at most: a bound on the delay a fork can take
 * (a child that ran much new code, e.g. a shell applet run without exec). */
#define FORK_SHARE_PER_FORK 2048u

enum { FS_TRANSLATED = 1, FS_CHAINED = 2 };

typedef struct ForkShareEntry {
    uint64_t seq;           /* its index + 1 once complete */
    uint32_t kind;          /* FS_* */
    TBChainNote n;          /* FS_TRANSLATED: n.from and n.from_hot only */
} ForkShareEntry;

typedef struct ForkShareRing {
    uint64_t next;          /* index of the next entry to write */
    ForkShareEntry e[FORK_SHARE_SLOTS];
} ForkShareRing;

/* Process-local (copied by fork): the shared ring and what this process did. */
struct ForkShare {
    ForkShareRing *ring;
    uint64_t read;          /* entries before this one were looked at */
    bool record;            /* a forked child: report what it translates (not what
                             * tb_pretranslate/tb_prechain do: exec reports neither) */
};

static void fork_share_put(UserProcess *p, uint32_t kind, const TBChainNote *n)
{
    struct ForkShare *fs = p->fork_share;
    ForkShareEntry *e;
    uint64_t i;

    if (!fs || !fs->record || n->from.cflags || n->to.cflags) {
        return;
    }
    i = __atomic_fetch_add(&fs->ring->next, 1, __ATOMIC_RELAXED);
    e = &fs->ring->e[i % FORK_SHARE_SLOTS];
    __atomic_store_n(&e->seq, 0, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    e->kind = kind;
    e->n = *n;
    __atomic_store_n(&e->seq, i + 1, __ATOMIC_RELEASE);
}

/* TBConfig.translated: runs under the translation cache's lock. */
void fork_share_note(void *opaque, uint64_t pc, uint64_t cs_base, uint32_t flags,
                     uint32_t cflags, bool hot)
{
    TBChainNote n = { .from = { pc, cs_base, flags, cflags }, .from_hot = hot };

    fork_share_put(opaque, FS_TRANSLATED, &n);
}

/* TBConfig.chained: likewise. */
void fork_share_note_chain(void *opaque, TBContext *tbc, const TranslationBlock *from, int slot,
                           const TranslationBlock *to)
{
    UserProcess *p = opaque;
    TBChainNote n;

    if (p->fork_share && p->fork_share->record) {
        tb_chain_note(tbc, from, slot, to, &n);
        fork_share_put(p, FS_CHAINED, &n);
    }
}

/* Copy entry i if it is complete and stays so while read. */
static bool fork_share_read(ForkShareRing *r, uint64_t i, ForkShareEntry *out)
{
    ForkShareEntry *e = &r->e[i % FORK_SHARE_SLOTS];

    if (__atomic_load_n(&e->seq, __ATOMIC_ACQUIRE) != i + 1) {
        return false;
    }
    out->kind = e->kind;
    out->n = e->n;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&e->seq, __ATOMIC_RELAXED) == i + 1;
}

/*
 * Before t's process forks (a process of one thread; tb_pretranslate checks
 * it again): set the ring up, then translate what children reported.
 */
void fork_share_before_fork(UserTask *t)
{
    UserProcess *p = t->proc;
    struct ForkShare *fs = p->fork_share;
    uint64_t end;

    if (!fs) {
        void *m = mmap(NULL, sizeof(ForkShareRing), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

        fs = calloc(1, sizeof(*fs));
        if (m == MAP_FAILED || !fs) {
            if (m != MAP_FAILED) {
                munmap(m, sizeof(ForkShareRing));
            }
            free(fs);
            return;
        }
        fs->ring = m;
        p->fork_share = fs;
        return;
    }
    if (p->ntasks != 1) {
        return;
    }
    end = __atomic_load_n(&fs->ring->next, __ATOMIC_ACQUIRE);
    if (end - fs->read > FORK_SHARE_SLOTS) {
        fs->read = end - FORK_SHARE_SLOTS;
    }
    if (end - fs->read > FORK_SHARE_PER_FORK) {
        end = fs->read + FORK_SHARE_PER_FORK;     /* the rest at the next forks */
    }
    for (; fs->read < end; fs->read++) {
        ForkShareEntry e;

        if (!fork_share_read(fs->ring, fs->read, &e)) {
            continue;
        }
        if (e.kind == FS_CHAINED) {
            tb_prechain(t->cpu, &e.n);
        } else if (!tb_pretranslate(t->cpu, e.n.from.pc, e.n.from.cs_base, e.n.from.flags,
                                    e.n.from.cflags, e.n.from_hot)) {
            fs->read = end;
            break;
        }
    }
}

/* In the child after fork: report what it translates from now on. */
void fork_share_child(UserProcess *p)
{
    if (p->fork_share) {
        p->fork_share->record = true;
    }
}
