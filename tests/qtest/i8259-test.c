/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * i8259 pair of the pc machine, driven through its ports; IRQ lines are
 * raised with pc-testdev (port 0x2000 + ISA IRQ) and requests observed
 * through IRR/ISR reads and the poll command.  INTR is checked by
 * intercepting the master's output.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qlist.h"

#define MASTER 0x20
#define SLAVE 0xa0
#define ELCR0 0x4d0
#define TESTDEV_IRQ 0x2000

static QTestState *pic_start(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128 -device pc-testdev");

    /* ICW1-4: vectors 0x08 / 0x70, cascade on IR2, 8086 mode */
    qtest_outb(qts, MASTER, 0x11);
    qtest_outb(qts, MASTER + 1, 0x08);
    qtest_outb(qts, MASTER + 1, 0x04);
    qtest_outb(qts, MASTER + 1, 0x01);
    qtest_outb(qts, SLAVE, 0x11);
    qtest_outb(qts, SLAVE + 1, 0x70);
    qtest_outb(qts, SLAVE + 1, 0x02);
    qtest_outb(qts, SLAVE + 1, 0x01);
    return qts;
}

static uint8_t pic_reg(QTestState *qts, int base, bool isr)
{
    qtest_outb(qts, base, isr ? 0x0b : 0x0a);
    return qtest_inb(qts, base);
}

static uint8_t pic_poll(QTestState *qts, int base)
{
    qtest_outb(qts, base, 0x0c);
    return qtest_inb(qts, base);
}

static void set_line(QTestState *qts, int irq, int level)
{
    qtest_outb(qts, TESTDEV_IRQ + irq, level);
}

static void test_edge_and_eoi(void)
{
    QTestState *qts = pic_start();

    qtest_outb(qts, MASTER + 1, 0xf7);          /* only IRQ 3 */
    g_assert_cmphex(qtest_inb(qts, MASTER + 1), ==, 0xf7);
    set_line(qts, 3, 1);
    g_assert_cmphex(pic_reg(qts, MASTER, false) & 0x08, ==, 0x08);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x83);
    g_assert_cmphex(pic_reg(qts, MASTER, true), ==, 0x08);
    /* edge: acknowledged, and the still-high line does not re-request */
    g_assert_cmphex(pic_reg(qts, MASTER, false) & 0x08, ==, 0x00);
    qtest_outb(qts, MASTER, 0x20);              /* non-specific EOI */
    g_assert_cmphex(pic_reg(qts, MASTER, true), ==, 0x00);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x00);
    set_line(qts, 3, 0);
    set_line(qts, 3, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x83);
    qtest_outb(qts, MASTER, 0x63);              /* specific EOI 3 */
    g_assert_cmphex(pic_reg(qts, MASTER, true), ==, 0x00);
    set_line(qts, 3, 0);
    qtest_quit(qts);
}

static void test_level_elcr(void)
{
    QTestState *qts = pic_start();

    qtest_outb(qts, ELCR0, 0xff);
    g_assert_cmphex(qtest_inb(qts, ELCR0), ==, 0xf8);   /* elcr_mask */
    qtest_outb(qts, MASTER + 1, 0xf7);
    set_line(qts, 3, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x83);
    /* level: IRR follows the line */
    g_assert_cmphex(pic_reg(qts, MASTER, false) & 0x08, ==, 0x08);
    set_line(qts, 3, 0);
    g_assert_cmphex(pic_reg(qts, MASTER, false) & 0x08, ==, 0x00);
    qtest_quit(qts);
}

static void test_priority(void)
{
    QTestState *qts = pic_start();

    qtest_outb(qts, MASTER + 1, 0xd7);          /* IRQ 3 and 5 */
    set_line(qts, 5, 1);
    set_line(qts, 3, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x83);
    /* 5 is lower priority than the in-service 3 */
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x00);
    qtest_outb(qts, MASTER, 0x20);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x85);
    qtest_outb(qts, MASTER, 0x20);
    /* special mask mode lets a lower line through */
    set_line(qts, 3, 0);
    set_line(qts, 5, 0);
    set_line(qts, 3, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x83);
    qtest_outb(qts, MASTER + 1, 0xdf);          /* mask 3 */
    qtest_outb(qts, MASTER, 0x68);              /* set special mask */
    set_line(qts, 5, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x85);
    qtest_outb(qts, MASTER, 0x48);              /* clear special mask */
    qtest_outb(qts, MASTER, 0x63);
    qtest_outb(qts, MASTER, 0x65);
    /* rotation: make IR3 the lowest, so IR5 wins */
    set_line(qts, 3, 0);
    set_line(qts, 5, 0);
    qtest_outb(qts, MASTER + 1, 0xd7);
    qtest_outb(qts, MASTER, 0xc3);
    set_line(qts, 3, 1);
    set_line(qts, 5, 1);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x85);
    qtest_quit(qts);
}

static void test_cascade(void)
{
    QTestState *qts = pic_start();

    qtest_outb(qts, MASTER + 1, 0xfb);          /* cascade only */
    qtest_outb(qts, SLAVE + 1, 0xfb);           /* IRQ 10 only */
    set_line(qts, 10, 1);
    g_assert_cmphex(pic_reg(qts, SLAVE, false) & 0x04, ==, 0x04);
    g_assert_cmphex(pic_reg(qts, MASTER, false) & 0x04, ==, 0x04);
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x82);
    g_assert_cmphex(pic_poll(qts, SLAVE), ==, 0x82);
    g_assert_cmphex(pic_reg(qts, SLAVE, true), ==, 0x04);
    qtest_outb(qts, SLAVE, 0x20);
    qtest_outb(qts, MASTER, 0x20);
    g_assert_cmphex(pic_reg(qts, SLAVE, true), ==, 0x00);
    g_assert_cmphex(pic_reg(qts, MASTER, true), ==, 0x00);
    qtest_quit(qts);
}

/* Path of the master PIC: the isa-i8259 whose "master" is true. */
static char *find_master(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'qom-list', 'arguments': "
                           "{'path': '/machine/unattached'}}");
    QList *list = qdict_get_qlist(rsp, "return");
    char *found = NULL;

    for (const QListEntry *e = qlist_first(list); e && !found;
         e = qlist_next(e)) {
        QDict *prop = qobject_to_qdict(qlist_entry_obj(e));
        g_autofree char *path = g_strdup_printf("/machine/unattached/%s",
                                        qdict_get_str(prop, "name"));

        if (strcmp(qdict_get_str(prop, "type"), "child<isa-i8259>") == 0 &&
            qtest_qom_get_bool(qts, path, "master")) {
            found = g_steal_pointer(&path);
        }
    }
    qobject_unref(rsp);
    g_assert(found);
    return found;
}

static void test_intr_output(void)
{
    QTestState *qts = pic_start();
    g_autofree char *master = find_master(qts);

    qtest_irq_intercept_out(qts, master);
    qtest_outb(qts, MASTER + 1, 0xef);          /* IRQ 4 */
    g_assert_false(qtest_get_irq(qts, 0));
    set_line(qts, 4, 1);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_outb(qts, MASTER + 1, 0xff);          /* masked: INTR drops */
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_outb(qts, MASTER + 1, 0xef);
    g_assert_true(qtest_get_irq(qts, 0));
    g_assert_cmphex(pic_poll(qts, MASTER), ==, 0x84);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/i8259/edge-eoi", test_edge_and_eoi);
    qtest_add_func("/i8259/level-elcr", test_level_elcr);
    qtest_add_func("/i8259/priority", test_priority);
    qtest_add_func("/i8259/cascade", test_cascade);
    qtest_add_func("/i8259/intr-output", test_intr_output);
    return g_test_run();
}
