/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcap writer for filter-dump: the classic libpcap file format (magic
 * 0xa1b2c3d4 in host byte order, version 2.4, microsecond timestamps,
 * link type 1 = Ethernet), one record per frame, truncated to maxlen.
 */
#include "qemu/osdep.h"
#include "net/filter.h"
#include "net/netdev.h"

#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_LINKTYPE_ETHERNET 1

typedef struct PcapFileHeader {
    uint32_t magic;
    uint16_t version_major;
    uint16_t version_minor;
    int32_t thiszone;
    uint32_t sigfigs;
    uint32_t snaplen;
    uint32_t linktype;
} PcapFileHeader;

typedef struct PcapRecordHeader {
    uint32_t ts_sec;
    uint32_t ts_usec;
    uint32_t caplen;
    uint32_t len;
} PcapRecordHeader;

struct NetDump {
    int fd;
    uint32_t maxlen;
    char *path;
    bool failed;                /* a write failed: stop writing */
};

static bool dump_write_all(NetDump *d, const struct iovec *iov, int iovcnt)
{
    size_t left = net_iov_size(iov, iovcnt);
    struct iovec local[16];
    int n = MIN(iovcnt, (int)ARRAY_SIZE(local));

    memcpy(local, iov, n * sizeof(*iov));
    while (left) {
        ssize_t ret = writev(d->fd, local, n);

        if (ret < 0 && errno == EINTR) {
            continue;
        }
        if (ret <= 0) {
            return false;
        }
        left -= ret;
        /* Short write: drop what went out and go on. */
        for (int i = 0; i < n && ret > 0; i++) {
            size_t take = MIN((size_t)ret, local[i].iov_len);

            local[i].iov_base = (uint8_t *)local[i].iov_base + take;
            local[i].iov_len -= take;
            ret -= take;
        }
    }
    return true;
}

NetDump *net_dump_open(const char *path, uint32_t maxlen, Error **errp)
{
    PcapFileHeader hdr = {
        .magic = PCAP_MAGIC,
        .version_major = 2,
        .version_minor = 4,
        .snaplen = maxlen,
        .linktype = PCAP_LINKTYPE_ETHERNET,
    };
    struct iovec iov = { .iov_base = &hdr, .iov_len = sizeof(hdr) };
    NetDump *d;
    int fd;

    fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        error_setg_errno(errp, errno, "net dump: can't open %s", path);
        return NULL;
    }
    d = g_new0(NetDump, 1);
    d->fd = fd;
    d->maxlen = maxlen;
    d->path = g_strdup(path);
    if (!dump_write_all(d, &iov, 1)) {
        error_setg_errno(errp, errno, "net dump write error");
        net_dump_close(d);
        return NULL;
    }
    return d;
}

void net_dump_write(NetDump *d, int64_t ts_us, const struct iovec *iov,
                    int iovcnt)
{
    size_t size = net_iov_size(iov, iovcnt);
    size_t caplen = MIN(size, (size_t)d->maxlen);
    PcapRecordHeader rec = {
        .ts_sec = ts_us / 1000000,
        .ts_usec = ts_us % 1000000,
        .caplen = caplen,
        .len = size,
    };
    struct iovec out[9];
    int n = 1;

    if (d->failed) {
        return;
    }
    out[0] = (struct iovec) { .iov_base = &rec, .iov_len = sizeof(rec) };
    /* Up to 8 pieces straight from the frame; more get gathered. */
    if (iovcnt <= 8) {
        for (int i = 0; i < iovcnt && caplen; i++, n++) {
            out[n].iov_base = iov[i].iov_base;
            out[n].iov_len = MIN(iov[i].iov_len, caplen);
            caplen -= out[n].iov_len;
        }
        d->failed = !dump_write_all(d, out, n);
        return;
    }
    {
        g_autofree uint8_t *buf = g_malloc(caplen);

        net_iov_to_buf(iov, iovcnt, 0, buf, caplen);
        out[1] = (struct iovec) { .iov_base = buf, .iov_len = caplen };
        d->failed = !dump_write_all(d, out, 2);
    }
}

void net_dump_close(NetDump *d)
{
    if (!d) {
        return;
    }
    close(d->fd);
    g_free(d->path);
    g_free(d);
}
