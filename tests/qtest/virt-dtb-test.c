/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt machine from the command line: -machine virt,dumpdtb=FILE
 * decoded with libfdt (memory, cpus, psci, timer, GIC, pl011, pl031,
 * fw_cfg, pcie, chosen), -dtb replacing the tree (and bad -dtb files),
 * and the startup errors (-smp above 8, no CPU under TCG).  Runs the
 * binary named by QTEST_QEMU_BINARY directly, without qtest.
 */
#include "qemu/osdep.h"
#include <libfdt.h>

typedef struct Run {
    int status;
    char *out;
    char *err;
} Run;

static void run_free(Run *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Run the emulator with @args (space separated, no quoting). */
static Run run(const char *args)
{
    g_autofree char *cmd = g_strdup_printf("%s -display none %s",
                                           getenv("QTEST_QEMU_BINARY"),
                                           args);
    g_auto(GStrv) argv = NULL;
    Run r = { 0 };
    GError *err = NULL;

    g_assert_true(g_shell_parse_argv(cmd, NULL, &argv, NULL));
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL,
                               NULL, &r.out, &r.err, &r.status, &err));
    return r;
}

static char *tmp_path(const char *name)
{
    g_autofree char *dir = g_dir_make_tmp("virt-dtb-XXXXXX", NULL);

    g_assert_nonnull(dir);
    return g_build_filename(dir, name, NULL);
}

/* Remove a file made by tmp_path() and its private directory. */
static void tmp_remove(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);

    unlink(path);
    rmdir(dir);
}

/* Dump the tree for @machine_opts with @extra arguments. */
static void *dump(const char *machine_opts, const char *extra, int *size)
{
    g_autofree char *path = tmp_path("virt.dtb");
    g_autofree char *args = g_strdup_printf("-machine virt%s,dumpdtb=%s %s",
                                            machine_opts, path, extra);
    Run r = run(args);
    gchar *fdt;
    gsize len;

    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "dtb dumped to"));
    g_assert_true(g_file_get_contents(path, &fdt, &len, NULL));
    g_assert_cmpint(fdt_check_full(fdt, len), ==, 0);
    tmp_remove(path);
    run_free(&r);
    *size = len;
    return fdt;
}

static const void *prop(const void *fdt, const char *path, const char *name,
                        int *len)
{
    int node = fdt_path_offset(fdt, path);
    const void *p;

    g_assert_cmpint(node, >=, 0);
    p = fdt_getprop(fdt, node, name, len);
    g_assert_nonnull(p);
    return p;
}

static uint32_t cell(const void *fdt, const char *path, const char *name,
                     int i)
{
    int len;
    const fdt32_t *p = prop(fdt, path, name, &len);

    g_assert_cmpint(len, >, i * 4);
    return fdt32_to_cpu(p[i]);
}

static void check_str(const void *fdt, const char *path, const char *name,
                      const char *want)
{
    int len;
    const char *p = prop(fdt, path, name, &len);

    g_assert_cmpstr(p, ==, want);
}

static void test_dump_default(void)
{
    int size;
    g_autofree void *fdt = dump(",gic-version=3", "-smp 2 -m 512", &size);
    uint32_t gic = cell(fdt, "/intc@8000000", "phandle", 0);
    int len;

    check_str(fdt, "/", "compatible", "linux,dummy-virt");
    g_assert_cmpuint(cell(fdt, "/", "interrupt-parent", 0), ==, gic);
    check_str(fdt, "/memory@40000000", "device_type", "memory");
    g_assert_cmphex(cell(fdt, "/memory@40000000", "reg", 1), ==, 0x40000000);
    g_assert_cmphex(cell(fdt, "/memory@40000000", "reg", 3), ==, 512 << 20);
    check_str(fdt, "/cpus/cpu@1", "enable-method", "psci");
    g_assert_cmpuint(cell(fdt, "/cpus/cpu@1", "reg", 0), ==, 1);
    g_assert_cmpint(fdt_path_offset(fdt, "/cpus/cpu@2"), <, 0);
    g_assert_cmpuint(cell(fdt, "/cpus/cpu-map/socket0/cluster0/core1", "cpu",
                          0), ==, cell(fdt, "/cpus/cpu@1", "phandle", 0));
    check_str(fdt, "/psci", "method", "hvc");
    g_assert_cmphex(cell(fdt, "/psci", "cpu_on", 0), ==, 0xc4000003);
    g_assert_cmpuint(cell(fdt, "/timer", "interrupts", 1), ==, 13);
    check_str(fdt, "/intc@8000000", "compatible", "arm,gic-v3");
    g_assert_cmphex(cell(fdt, "/intc@8000000", "reg", 5), ==, 0x080a0000);
    prop(fdt, "/intc@8000000", "interrupt-controller", &len);
    g_assert_cmpint(len, ==, 0);
    /* the ITS (its=on by default) and PCIe MSIs through it */
    check_str(fdt, "/intc@8000000/its@8080000", "compatible",
              "arm,gic-v3-its");
    g_assert_cmpuint(cell(fdt, "/pcie@10000000", "msi-map", 1), ==,
                     cell(fdt, "/intc@8000000/its@8080000", "phandle", 0));
    check_str(fdt, "/pl011@9000000", "compatible", "arm,pl011");
    g_assert_cmpuint(cell(fdt, "/pl011@9000000", "interrupts", 1), ==, 1);
    g_assert_cmpuint(cell(fdt, "/pl031@9010000", "interrupts", 1), ==, 2);
    check_str(fdt, "/fw-cfg@9020000", "compatible", "qemu,fw-cfg-mmio");
    check_str(fdt, "/chosen", "stdout-path", "/pl011@9000000");
    /* pcie: high ECAM, 256 buses, three windows, 16 interrupt-map rows */
    check_str(fdt, "/pcie@10000000", "compatible", "pci-host-ecam-generic");
    g_assert_cmphex(cell(fdt, "/pcie@10000000", "reg", 0), ==, 0x40);
    g_assert_cmphex(cell(fdt, "/pcie@10000000", "bus-range", 1), ==, 0xff);
    prop(fdt, "/pcie@10000000", "ranges", &len);
    g_assert_cmpint(len, ==, 21 * 4);
    prop(fdt, "/pcie@10000000", "interrupt-map", &len);
    g_assert_cmpint(len, ==, 16 * 10 * 4);
    /* slot 1, INTA -> SPI 3 + (1 + 0) % 4 = 4 */
    g_assert_cmphex(cell(fdt, "/pcie@10000000", "interrupt-map", 40), ==,
                    0x800);
    g_assert_cmpuint(cell(fdt, "/pcie@10000000", "interrupt-map", 48), ==, 4);
}

/* QEMU's default GIC is v2: distributor + CPU interface, PPI CPU masks */
static void test_dump_gicv2(void)
{
    int size;
    void *fdt = dump("", "-smp 3", &size);

    check_str(fdt, "/intc@8000000", "compatible", "arm,cortex-a15-gic");
    g_assert_cmphex(cell(fdt, "/intc@8000000", "reg", 5), ==, 0x08010000);
    g_assert_cmpint(fdt_path_offset(fdt, "/intc@8000000/its@8080000"), <,
                    0);
    g_assert_cmphex(cell(fdt, "/timer", "interrupts", 2), ==, 0x704);
    g_free(fdt);
    fdt = dump(",gic-version=3,its=off", "", &size);
    g_assert_cmpint(fdt_path_offset(fdt, "/intc@8000000/its@8080000"), <, 0);
    g_assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@10000000"),
                              "msi-map", NULL));
    g_free(fdt);
}

static void test_dump_options(void)
{
    int size;
    g_autofree void *fdt = dump(",highmem=off,virtualization=on",
                                "-kernel /dev/null -append console=ttyAMA0",
                                &size);
    int len;

    check_str(fdt, "/psci", "method", "smc");
    g_assert_cmphex(cell(fdt, "/pcie@10000000", "reg", 1), ==, 0x3f000000);
    g_assert_cmphex(cell(fdt, "/pcie@10000000", "bus-range", 1), ==, 0xf);
    prop(fdt, "/pcie@10000000", "ranges", &len);
    g_assert_cmpint(len, ==, 14 * 4);
    check_str(fdt, "/chosen", "bootargs", "console=ttyAMA0");
    g_free(fdt);
    fdt = dump(",secure=on", "", &size);
    g_assert_cmpint(fdt_path_offset(fdt, "/psci"), <, 0);
}

static void test_dtb_option(void)
{
    int size;
    g_autofree void *orig = dump("", "", &size);
    g_autofree void *fdt = g_malloc0(size + 256);
    g_autofree char *in = tmp_path("in.dtb");
    g_autofree char *bad = tmp_path("bad.dtb");
    g_autofree char *args = NULL;
    g_autofree void *out = NULL;
    Run r;
    int node;

    /* a tree of our own, with a marker, goes through -dtb unchanged */
    g_assert_cmpint(fdt_open_into(orig, fdt, size + 256), ==, 0);
    node = fdt_path_offset(fdt, "/");
    g_assert_cmpint(fdt_setprop_string(fdt, node, "marker", "mine"), ==, 0);
    g_assert_true(g_file_set_contents(in, fdt, fdt_totalsize(fdt), NULL));
    args = g_strdup_printf("-kernel /dev/null -append x=1 -dtb %s", in);
    out = dump("", args, &size);
    check_str(out, "/", "marker", "mine");
    check_str(out, "/chosen", "bootargs", "x=1");

    g_assert_true(g_file_set_contents(bad, "not a device tree", -1, NULL));
    g_free(args);
    args = g_strdup_printf("-machine virt -accel qtest -dtb %s", bad);
    r = run(args);
    g_assert_cmpint(r.status, !=, 0);
    g_assert_nonnull(strstr(r.err, "Unable to open device tree file"));
    run_free(&r);
    r = run("-machine virt -accel qtest -dtb /nonexistent.dtb");
    g_assert_cmpint(r.status, !=, 0);
    g_assert_nonnull(strstr(r.err, "Unable to get size of device tree "
                            "file '/nonexistent.dtb'"));
    run_free(&r);
    tmp_remove(in);
    tmp_remove(bad);
}

static void test_errors(void)
{
    Run r = run("-machine virt -kernel /nonexistent.img");

    g_assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1);
    g_assert_nonnull(strstr(r.err, "could not load kernel "
                            "'/nonexistent.img'"));
    run_free(&r);
    r = run("-machine virt -accel qtest -smp 9");
    g_assert_cmpint(r.status, !=, 0);
    g_assert_nonnull(strstr(r.err, "Invalid SMP CPUs 9"));
    run_free(&r);
    r = run("-machine virt,gic-version=5 -accel qtest");
    g_assert_cmpint(r.status, !=, 0);
    g_assert_nonnull(strstr(r.err, "Invalid gic-version value"));
    run_free(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virt/dtb/dump-default", test_dump_default);
    g_test_add_func("/virt/dtb/dump-gicv2", test_dump_gicv2);
    g_test_add_func("/virt/dtb/dump-options", test_dump_options);
    g_test_add_func("/virt/dtb/dtb-option", test_dtb_option);
    g_test_add_func("/virt/errors", test_errors);
    return g_test_run();
}
