/*
 * emu-img commands that create or describe one image: create, info, check,
 * snapshot, resize, map.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "block/img.h"

enum {
    OPT_OUTPUT = 256,
    OPT_BACKING_CHAIN,
    OPT_SHRINK,
    OPT_FORCE_SHARE,
};

static bool parse_output(const char *s, bool *json)
{
    if (!strcmp(s, "json")) {
        *json = true;
    } else if (!strcmp(s, "human")) {
        *json = false;
    } else {
        img_error("--output must be used with human or json as argument.");
        return false;
    }
    return true;
}

int img_create(ImgEnv *env, int argc, char **argv)
{
    const char *fmt = "raw";
    char *backing = NULL, *backing_fmt = NULL;
    bool quiet = false, unsafe = false, size_set = false;
    BlockCreateOptions o = { 0 };
    GString *opts = g_string_new(NULL);
    const char *compat = NULL, *prealloc = NULL;
    int c;
    optind = 1;
    while ((c = getopt(argc, argv, "hf:b:F:o:qu")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'b': g_free(backing); backing = g_strdup(optarg); break;
        case 'F': g_free(backing_fmt); backing_fmt = g_strdup(optarg); break;
        case 'o':
            g_string_append_printf(opts, "%s%s", opts->len ? "," : "", optarg);
            break;
        case 'q': quiet = true; break;
        case 'u': unsafe = true; break;
        default: return 1;
        }
    }
    if (optind >= argc) {
        img_error("Expecting image file name");
        return 1;
    }
    const char *filename = argv[optind++];
    if (!block_format_known(fmt)) {
        img_error("%s: Unknown file format '%s'", filename, fmt);
        return 1;
    }
    /* Options as given, for the "Formatting" line. */
    char **kv = g_strsplit(opts->str, ",", -1);
    for (int i = 0; kv[i]; i++) {
        if (g_str_has_prefix(kv[i], "compat=")) {
            compat = strchr(kv[i], '=') + 1;
        } else if (g_str_has_prefix(kv[i], "preallocation=")) {
            prealloc = strchr(kv[i], '=') + 1;
        }
    }
    if (!img_parse_create_options(opts->str, filename, &o, &backing, &backing_fmt, &size_set)) {
        g_strfreev(kv);
        g_string_free(opts, true);
        return 1;
    }
    if (optind < argc) {
        if (block_parse_size(argv[optind], &o.size) < 0) {
            img_error("Invalid image size specified. You may use k, M, G, T, P or E "
                      "suffixes for");
            img_error("kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
            return 1;
        }
        size_set = true;
    }
    int ret = 0;
    if (backing) {
        if (!backing_fmt) {
            img_error("%s: Backing file specified without backing format", filename);
            return 1;
        }
        char *dir = g_path_get_dirname(filename);
        char *path = backing[0] == '/' ? g_strdup(backing) : g_build_filename(dir, backing, NULL);
        g_free(dir);
        if (!unsafe || !size_set) {
            BlockDriverState *b = img_open(env, path, backing_fmt, true, NULL, NULL, false, false);
            if (!b) {
                g_free(path);
                return 1;
            }
            if (!size_set) {
                o.size = bdrv_getlength(b);
                size_set = true;
            }
            bdrv_close(b);
        }
        g_free(path);
    }
    if (!size_set) {
        img_error("Image creation needs a size parameter");
        return 1;
    }
    o.backing_file = backing;
    o.backing_format = backing_fmt;
    if (!quiet) {
        if (!strcmp(fmt, "qcow2")) {
            printf("Formatting '%s', fmt=qcow2 cluster_size=%u extended_l2=off", filename,
                   o.cluster_size ? o.cluster_size : 65536);
            if (prealloc) {
                printf(" preallocation=%s", prealloc);
            }
            printf(" compression_type=zlib size=%llu", (unsigned long long)o.size);
            if (backing) {
                printf(" backing_file=%s backing_fmt=%s", backing, backing_fmt);
            }
            if (compat) {
                printf(" compat=%s", compat);
            }
            printf(" lazy_refcounts=%s refcount_bits=%d\n", o.lazy_refcounts ? "on" : "off",
                   o.refcount_bits ? o.refcount_bits : 16);
        } else {
            printf("Formatting '%s', fmt=%s size=%llu\n", filename, fmt,
                   (unsigned long long)o.size);
        }
    }
    char *err = NULL;
    if (o.compat < 0) {
        img_error("%s: Parameter 'version' does not accept value '%s'", filename, compat);
        ret = 1;
    } else if (bdrv_create(env->ctx, fmt, filename, &o, &err) < 0) {
        img_error("%s: %s", filename, err ? err : "creation failed");
        g_free(err);
        ret = 1;
    }
    g_strfreev(kv);
    g_string_free(opts, true);
    g_free(backing);
    g_free(backing_fmt);
    return ret;
}

static void print_snapshot_header(void)
{
    printf("%-9s %-17s %7s%20s%13s%11s\n", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK",
           "ICOUNT");
}

static void print_snapshot(const BlockSnapshotInfo *sn)
{
    char date[64], clock[64], icount[32] = "";
    time_t t = sn->date_sec;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
    uint64_t secs = sn->vm_clock_nsec / 1000000000ULL;
    snprintf(clock, sizeof(clock), "%02llu:%02llu:%02llu.%03llu",
             (unsigned long long)(secs / 3600), (unsigned long long)(secs / 60 % 60),
             (unsigned long long)(secs % 60),
             (unsigned long long)(sn->vm_clock_nsec / 1000000 % 1000));
    if (sn->icount != UINT64_MAX) {
        snprintf(icount, sizeof(icount), "%llu", (unsigned long long)sn->icount);
    }
    char *vm = img_size_to_str(sn->vm_state_size);
    printf("%-9s %-17s %7s%20s%13s%11s\n", sn->id, sn->name, vm, date, clock, icount);
    g_free(vm);
}

static void info_human(BlockDriverState *bs, const BlockImageInfo *info)
{
    char *vs = img_size_to_str(info->virtual_size);
    char *ds = img_size_to_str(info->actual_size);
    printf("image: %s\nfile format: %s\nvirtual size: %s (%llu bytes)\ndisk size: %s\n",
           bdrv_filename(bs), info->format, vs, (unsigned long long)info->virtual_size, ds);
    g_free(vs);
    g_free(ds);
    if (info->cluster_size) {
        printf("cluster_size: %u\n", info->cluster_size);
    }
    if (bdrv_backing_name(bs)[0]) {
        printf("backing file: %s\n", bdrv_backing_name(bs));
        if (bdrv_backing_format(bs)[0]) {
            printf("backing file format: %s\n", bdrv_backing_format(bs));
        }
    }
    BlockSnapshotInfo *sn;
    int n = bdrv_snapshot_list(bs, &sn);
    if (n > 0) {
        printf("Snapshot list:\n");
        print_snapshot_header();
        for (int i = 0; i < n; i++) {
            print_snapshot(&sn[i]);
        }
    }
    g_free(sn);
    if (!strcmp(info->format, "qcow2")) {
        printf("Format specific information:\n    compat: %s\n    compression type: zlib\n",
               info->compat >= 3 ? "1.1" : "0.10");
        if (info->compat >= 3) {
            printf("    lazy refcounts: %s\n", info->lazy_refcounts ? "true" : "false");
        }
        printf("    refcount bits: %d\n", info->refcount_bits);
        if (info->compat >= 3) {
            printf("    corrupt: %s\n    extended l2: false\n",
                   info->corrupt ? "true" : "false");
        }
    }
}

static void json_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            g_string_append_printf(out, "\\%c", *s);
        } else if ((unsigned char)*s < 0x20) {
            g_string_append_printf(out, "\\u%04x", *s);
        } else {
            g_string_append_c(out, *s);
        }
    }
    g_string_append_c(out, '"');
}

static void info_json(BlockDriverState *bs, const BlockImageInfo *info, GString *out,
                      const char *indent)
{
    g_string_append_printf(out, "%s{\n", indent);
    BlockSnapshotInfo *sn;
    int n = bdrv_snapshot_list(bs, &sn);
    if (n > 0) {
        g_string_append_printf(out, "%s    \"snapshots\": [\n", indent);
        for (int i = 0; i < n; i++) {
            g_string_append_printf(out, "%s        {\n%s            \"icount\": %lld,\n"
                                   "%s            \"vm-state-size\": %llu,\n"
                                   "%s            \"date-sec\": %u,\n"
                                   "%s            \"date-nsec\": %u,\n"
                                   "%s            \"vm-clock-sec\": %llu,\n"
                                   "%s            \"id\": ", indent, indent,
                                   sn[i].icount == UINT64_MAX ? -1LL : (long long)sn[i].icount,
                                   indent, (unsigned long long)sn[i].vm_state_size,
                                   indent, sn[i].date_sec, indent, sn[i].date_nsec, indent,
                                   (unsigned long long)(sn[i].vm_clock_nsec / 1000000000ULL),
                                   indent);
            json_string(out, sn[i].id);
            g_string_append_printf(out, ",\n%s            \"name\": ", indent);
            json_string(out, sn[i].name);
            g_string_append_printf(out,
                                   ",\n%s            \"vm-clock-nsec\": %llu\n%s        }%s\n",
                                   indent,
                                   (unsigned long long)(sn[i].vm_clock_nsec % 1000000000ULL),
                                   indent, i + 1 < n ? "," : "");
        }
        g_string_append_printf(out, "%s    ],\n", indent);
    }
    g_free(sn);
    bool has_backing = bdrv_backing_name(bs)[0] != 0;
    if (has_backing && bdrv_backing_format(bs)[0]) {
        g_string_append_printf(out, "%s    \"backing-filename-format\": \"%s\",\n", indent,
                               bdrv_backing_format(bs));
    }
    g_string_append_printf(out, "%s    \"virtual-size\": %llu,\n%s    \"filename\": ", indent,
                           (unsigned long long)info->virtual_size, indent);
    json_string(out, bdrv_filename(bs));
    g_string_append(out, ",\n");
    if (info->cluster_size) {
        g_string_append_printf(out, "%s    \"cluster-size\": %u,\n", indent, info->cluster_size);
    }
    g_string_append_printf(out, "%s    \"format\": \"%s\",\n", indent, info->format);
    g_string_append_printf(out, "%s    \"actual-size\": %llu,\n", indent,
                           (unsigned long long)info->actual_size);
    if (!strcmp(info->format, "qcow2") && info->compat < 3) {
        g_string_append_printf(out, "%s    \"format-specific\": {\n"
                               "%s        \"type\": \"qcow2\",\n"
                               "%s        \"data\": {\n"
                               "%s            \"compat\": \"0.10\",\n"
                               "%s            \"compression-type\": \"zlib\",\n"
                               "%s            \"refcount-bits\": %d\n"
                               "%s        }\n%s    },\n", indent, indent, indent, indent, indent,
                               indent, info->refcount_bits, indent, indent);
    } else if (!strcmp(info->format, "qcow2")) {
        g_string_append_printf(out, "%s    \"format-specific\": {\n"
                               "%s        \"type\": \"qcow2\",\n"
                               "%s        \"data\": {\n"
                               "%s            \"compat\": \"%s\",\n"
                               "%s            \"compression-type\": \"zlib\",\n"
                               "%s            \"lazy-refcounts\": %s,\n"
                               "%s            \"refcount-bits\": %d,\n"
                               "%s            \"corrupt\": %s,\n"
                               "%s            \"extended-l2\": false\n"
                               "%s        }\n%s    },\n", indent, indent, indent, indent,
                               info->compat >= 3 ? "1.1" : "0.10", indent, indent,
                               info->lazy_refcounts ? "true" : "false", indent,
                               info->refcount_bits, indent, info->corrupt ? "true" : "false",
                               indent, indent, indent);
    }
    if (has_backing) {
        char *full = bdrv_full_backing_filename(bs);
        g_string_append_printf(out, "%s    \"full-backing-filename\": ", indent);
        json_string(out, full);
        g_string_append_printf(out, ",\n%s    \"backing-filename\": ", indent);
        json_string(out, bdrv_backing_name(bs));
        g_string_append(out, ",\n");
        g_free(full);
    }
    g_string_append_printf(out, "%s    \"dirty-flag\": %s\n%s}", indent,
                           info->dirty ? "true" : "false", indent);
}

int img_info(ImgEnv *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "backing-chain", no_argument, NULL, OPT_BACKING_CHAIN },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL;
    bool json = false, chain = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hf:U", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'U': break;
        case OPT_OUTPUT:
            if (!parse_output(optarg, &json)) {
                return 1;
            }
            break;
        case OPT_BACKING_CHAIN: chain = true; break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    BlockDriverState *top = img_open(env, argv[optind], fmt, true, NULL, NULL, !chain, false);
    if (!top) {
        return 1;
    }
    GString *out = g_string_new(NULL);
    if (json && chain) {
        g_string_append(out, "[\n");
    }
    for (BlockDriverState *bs = top; bs; bs = chain ? bdrv_backing(bs) : NULL) {
        BlockImageInfo info;
        bdrv_get_info(bs, &info);
        if (json) {
            info_json(bs, &info, out, chain ? "    " : "");
            g_string_append(out, chain && bdrv_backing(bs) ? ",\n" : "\n");
        } else {
            if (bs != top) {
                printf("\n");
            }
            info_human(bs, &info);
        }
    }
    if (json && chain) {
        g_string_append(out, "]\n");
    }
    fputs(out->str, stdout);
    g_string_free(out, true);
    bdrv_close(top);
    return 0;
}

int img_check(ImgEnv *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "format", required_argument, NULL, 'f' },
        { "repair", required_argument, NULL, 'r' },
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL, *cache = NULL;
    bool json = false, quiet = false;
    int fix = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hf:r:T:qU", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'r':
            if (!strcmp(optarg, "leaks")) {
                fix = BLOCK_CHECK_FIX_LEAKS;
            } else if (!strcmp(optarg, "all")) {
                fix = BLOCK_CHECK_FIX_LEAKS | BLOCK_CHECK_FIX_ERRORS;
            } else {
                img_error("Unknown option value for -r (expecting 'leaks' or 'all'): %s",
                          optarg);
                return 1;
            }
            break;
        case 'T': cache = optarg; break;
        case 'q': quiet = true; break;
        case 'U': break;
        case OPT_OUTPUT:
            if (!parse_output(optarg, &json)) {
                return 1;
            }
            break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    const char *filename = argv[optind];
    BlockDriverState *bs = img_open(env, filename, fmt, !fix, cache, NULL, true, true);
    if (!bs) {
        return 1;
    }
    BlockCheckResult r;
    int ret = bdrv_check(bs, &r, fix);
    if (ret == -ENOTSUP) {
        img_error("This image format does not support checks");
        bdrv_close(bs);
        return 63;
    }
    if (ret < 0) {
        img_error("Check failed: %s", g_strerror(-ret));
        bdrv_close(bs);
        return 1;
    }
    if (json) {
        printf("{\n");
        if (r.has_stats) {
            printf("    \"image-end-offset\": %llu,\n    \"total-clusters\": %llu,\n",
                   (unsigned long long)r.image_end_offset, (unsigned long long)r.total_clusters);
        }
        printf("    \"check-errors\": %d,\n", r.check_errors);
        if (r.leaks) {
            printf("    \"leaks\": %d,\n", r.leaks);
        }
        if (r.corruptions) {
            printf("    \"corruptions\": %d,\n", r.corruptions);
        }
        if (r.leaks_fixed) {
            printf("    \"leaks-fixed\": %d,\n", r.leaks_fixed);
        }
        if (r.corruptions_fixed) {
            printf("    \"corruptions-fixed\": %d,\n", r.corruptions_fixed);
        }
        if (r.has_stats) {
            printf("    \"allocated-clusters\": %llu,\n",
                   (unsigned long long)r.allocated_clusters);
            if (r.fragmented_clusters) {
                printf("    \"fragmented-clusters\": %llu,\n",
                       (unsigned long long)r.fragmented_clusters);
            }
            if (r.compressed_clusters) {
                printf("    \"compressed-clusters\": %llu,\n",
                       (unsigned long long)r.compressed_clusters);
            }
        }
        printf("    \"filename\": \"%s\",\n    \"format\": \"%s\"\n}\n", filename,
               bdrv_format_name(bs));
    } else if (!quiet) {
        if (r.leaks_fixed || r.corruptions_fixed) {
            printf("The following inconsistencies were found and repaired:\n\n"
                   "    %d leaked clusters\n    %d corruptions\n\n"
                   "Double checking the fixed image now...\n", r.leaks_fixed,
                   r.corruptions_fixed);
        }
        if (!r.corruptions && !r.leaks && !r.check_errors) {
            printf("No errors were found on the image.\n");
        } else {
            if (r.corruptions) {
                printf("\n%d errors were found on the image.\nData may be corrupted, or "
                       "further writes to the image may corrupt it.\n", r.corruptions);
            }
            if (r.leaks) {
                printf("\n%d leaked clusters were found on the image.\nThis means waste of "
                       "disk space, but no harm to data.\n", r.leaks);
            }
            if (r.check_errors) {
                printf("\n%d internal errors have occurred during the check.\n",
                       r.check_errors);
            }
        }
        if (r.total_clusters && r.allocated_clusters && r.has_stats) {
            double t = r.total_clusters;
            printf("%llu/%llu = %0.2f%% allocated, %0.2f%% fragmented, %0.2f%% compressed "
                   "clusters\n", (unsigned long long)r.allocated_clusters,
                   (unsigned long long)r.total_clusters, r.allocated_clusters * 100.0 / t,
                   r.allocated_clusters ? r.fragmented_clusters * 100.0 / r.allocated_clusters
                                        : 0.0,
                   r.allocated_clusters ? r.compressed_clusters * 100.0 / r.allocated_clusters
                                        : 0.0);
        }
        if (r.has_stats) {
            printf("Image end offset: %llu\n", (unsigned long long)r.image_end_offset);
        }
    }
    bdrv_close(bs);
    if (r.check_errors) {
        return 1;
    }
    if (r.corruptions) {
        return 2;
    }
    return r.leaks ? 3 : 0;
}

int img_snapshot(ImgEnv *env, int argc, char **argv)
{
    const char *fmt = NULL, *name = NULL;
    int action = 0, c;
    optind = 1;
    while ((c = getopt(argc, argv, "hla:c:d:f:qU")) != -1) {
        switch (c) {
        case 'l':
        case 'a':
        case 'c':
        case 'd':
            if (action) {
                img_error("Cannot mix '-l', '-a', '-c', '-d'");
                return 1;
            }
            action = c;
            name = optarg;
            break;
        case 'f': fmt = optarg; break;
        case 'q': break;
        case 'U': break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    const char *filename = argv[optind];
    BlockDriverState *bs = img_open(env, filename, fmt, action == 'l' || !action, NULL, NULL,
                                    true, false);
    if (!bs) {
        return 1;
    }
    int ret = 0;
    char *err = NULL;
    switch (action) {
    case 'l':
    case 0: {
        BlockSnapshotInfo *sn;
        int n = bdrv_snapshot_list(bs, &sn);
        printf("Snapshot list:\n");
        print_snapshot_header();
        for (int i = 0; i < n; i++) {
            print_snapshot(&sn[i]);
        }
        g_free(sn);
        break;
    }
    case 'c':
        /* Like qemu-img: no VM state, VM clock and icount 0. */
        ret = bdrv_snapshot_create(bs, name, 0, 0, 0, &err);
        break;
    case 'a':
        ret = bdrv_snapshot_goto(bs, name, &err);
        break;
    case 'd':
        ret = bdrv_snapshot_delete(bs, name, &err);
        break;
    }
    if (ret < 0) {
        const char *what = action == 'c' ? "create" : action == 'a' ? "apply" : "delete";
        img_error("Could not %s snapshot '%s': %s", what, name, err ? err : g_strerror(-ret));
        g_free(err);
    }
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}

int img_resize(ImgEnv *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "shrink", no_argument, NULL, OPT_SHRINK },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL;
    bool quiet = false, shrink = false;
    int c;
    /* "-1G" is a size, not an option: stop option parsing before it. */
    if (argc >= 3 && argv[argc - 1][0] == '-' && argv[argc - 1][1] >= '0' &&
        argv[argc - 1][1] <= '9') {
        argc--;
        optind = 1;
        while ((c = getopt_long(argc, argv, "hf:q", longopts, NULL)) != -1) {
            switch (c) {
            case 'f': fmt = optarg; break;
            case 'q': quiet = true; break;
            case OPT_SHRINK: shrink = true; break;
            default: return 1;
            }
        }
        argc++;
    } else {
        optind = 1;
        while ((c = getopt_long(argc, argv, "hf:q", longopts, NULL)) != -1) {
            switch (c) {
            case 'f': fmt = optarg; break;
            case 'q': quiet = true; break;
            case OPT_SHRINK: shrink = true; break;
            default: return 1;
            }
        }
    }
    if (optind != argc - 2) {
        img_error("Expecting image file name and size");
        return 1;
    }
    const char *filename = argv[optind], *size_str = argv[optind + 1];
    int rel = 0;
    if (*size_str == '+' || *size_str == '-') {
        rel = *size_str == '+' ? 1 : -1;
        size_str++;
    }
    uint64_t n;
    if (block_parse_size(size_str, &n) < 0) {
        img_error("Invalid image size specified. You may use k, M, G, T, P or E suffixes for");
        img_error("kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
        return 1;
    }
    BlockDriverState *bs = img_open(env, filename, fmt, false, NULL, NULL, true, false);
    if (!bs) {
        return 1;
    }
    uint64_t cur = bdrv_getlength(bs), size = n;
    if (rel > 0) {
        size = cur + n;
    } else if (rel < 0) {
        if (n > cur) {
            img_error("New image size must be positive");
            bdrv_close(bs);
            return 1;
        }
        size = cur - n;
    }
    if (size < cur && !shrink) {
        img_error("Use the --shrink option to perform a shrink operation.");
        img_error("warning: Shrinking an image will delete all data beyond the shrunken "
                  "image's end. Before performing such an operation, make sure there is no "
                  "important data there.");
        bdrv_close(bs);
        return 1;
    }
    char *err = NULL;
    int ret = bdrv_truncate(bs, size, shrink, &err);
    if (ret < 0) {
        img_error("%s", err ? err : g_strerror(-ret));
        g_free(err);
    } else if (!quiet) {
        printf("Image resized.\n");
    }
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}

typedef struct MapEntry {
    uint64_t start, length, offset;
    int depth, flags;
    bool present, has_offset;
    BlockDriverState *file;
} MapEntry;

static bool map_mergeable(const MapEntry *a, const MapEntry *b)
{
    return a->depth == b->depth && a->flags == b->flags && a->present == b->present &&
           a->has_offset == b->has_offset && a->file == b->file &&
           (!a->has_offset || a->offset + a->length == b->offset);
}

static int map_print(const MapEntry *e, bool json, bool first)
{
    if (json) {
        printf("%s{ \"start\": %llu, \"length\": %llu, \"depth\": %d, \"present\": %s, "
               "\"zero\": %s, \"data\": %s", first ? "[" : ",\n", (unsigned long long)e->start,
               (unsigned long long)e->length, e->depth, e->present ? "true" : "false",
               (e->flags & BDRV_BLOCK_ZERO) ? "true" : "false",
               (e->flags & BDRV_BLOCK_DATA) ? "true" : "false");
        if (e->has_offset) {
            printf(", \"offset\": %llu", (unsigned long long)e->offset);
        }
        printf("}");
        return 0;
    }
    if ((e->flags & BDRV_BLOCK_DATA) && !(e->flags & BDRV_BLOCK_ZERO)) {
        if (!e->has_offset) {
            img_error("File contains external, encrypted or compressed clusters.");
            return -1;
        }
        printf("%#-16llx%#-16llx%#-16llx%s\n", (unsigned long long)e->start,
               (unsigned long long)e->length, (unsigned long long)e->offset,
               bdrv_filename(e->file));
    }
    return 0;
}

int img_map(ImgEnv *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, OPT_OUTPUT },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hf:U", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'U': break;
        case OPT_OUTPUT:
            if (!parse_output(optarg, &json)) {
                return 1;
            }
            break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    BlockDriverState *bs = img_open(env, argv[optind], fmt, true, NULL, NULL, false, false);
    if (!bs) {
        return 1;
    }
    if (!json) {
        printf("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File");
    }
    uint64_t size = bdrv_getlength(bs), off = 0;
    MapEntry cur = { 0 };
    bool have = false, first = true;
    int ret = 0;
    while (off < size && ret >= 0) {
        uint64_t n, map = 0;
        BlockDriverState *file = NULL;
        int depth;
        int st = bdrv_block_status_above(bs, NULL, off, MIN(size - off, 1ULL << 30), &n, &map,
                                         &file, &depth);
        if (st < 0) {
            img_error("Could not read image metadata: %s", g_strerror(-st));
            ret = -1;
            break;
        }
        if ((st & BDRV_BLOCK_RECURSE) && (st & BDRV_BLOCK_OFFSET_VALID) && file &&
            (st & BDRV_BLOCK_DATA)) {
            /* Holes in a preallocated image's file read as zeroes, as qemu-img says. */
            uint64_t fn, fmap;
            BlockDriverState *ff;
            int fst = bdrv_block_status(file, map, n, &fn, &fmap, &ff);
            if (fst >= 0 && fn > 0) {
                n = MIN(n, fn);
                if (fst & BDRV_BLOCK_ZERO) {
                    st |= BDRV_BLOCK_ZERO;
                }
            }
        }
        MapEntry e = {
            .start = off, .length = n, .depth = depth,
            .flags = st & (BDRV_BLOCK_DATA | BDRV_BLOCK_ZERO),
            .present = (st & BDRV_BLOCK_ALLOCATED) != 0,
            .has_offset = (st & BDRV_BLOCK_OFFSET_VALID) != 0,
            .offset = map, .file = file,
        };
        if (have && map_mergeable(&cur, &e)) {
            cur.length += n;
        } else {
            if (have) {
                ret = map_print(&cur, json, first);
                first = false;
            }
            cur = e;
            have = true;
        }
        off += n;
    }
    if (have && ret >= 0) {
        ret = map_print(&cur, json, first);
        first = false;
    }
    if (json && ret >= 0) {
        printf(first ? "[]\n" : "]\n");
    }
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}
