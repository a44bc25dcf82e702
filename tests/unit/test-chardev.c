/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for chardev option parsing, the file, ringbuf, null, socket
 * and mux backends, driven by iterating a MainLoop.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"

#include <sys/socket.h>
#include <sys/un.h>

/* ---- Legacy spec table ---- */

typedef struct LegacyCase {
    const char *spec;
    const char *backend;
    const char *path;
    const char *host;
    const char *port;
    bool server;
    bool wait;
    int64_t reconnect_ms;
    bool nodelay;
    bool mux;               /* also implies monitor */
    bool none;
    const char *ref;
    const char *error;
} LegacyCase;

static const LegacyCase legacy_cases[] = {
    { "null", "null", .wait = true },
    { "none", NULL, .wait = true, .none = true },
    { "stdio", "stdio", .wait = true },
    { "vc:80Cx24C", "null", .wait = true },
    { "mon:stdio", "stdio", .wait = true, .mux = true },
    { "chardev:ser0", NULL, .wait = true, .ref = "ser0" },
    { "file:/tmp/out,x", "file", "/tmp/out,x", .wait = true },
    { "pipe:/tmp/p", "pipe", "/tmp/p", .wait = true },
    { "unix:/tmp/s", "socket", "/tmp/s", .wait = true },
    { "unix:/tmp/s,server=on,wait=off", "socket", "/tmp/s",
      .server = true },
    { "unix:/tmp/s,server,nowait", "socket", "/tmp/s", .server = true },
    { "unix:/tmp/s,reconnect=2", "socket", "/tmp/s", .wait = true,
      .reconnect_ms = 2000 },
    { "unix:/tmp/a,,b,server=on", "socket", "/tmp/a,b", .server = true,
      .wait = true },
    { "mon:unix:/tmp/m,server=on,wait=off", "socket", "/tmp/m",
      .server = true, .mux = true },
    { "tcp::4444,server=on,wait=off", "socket", NULL, "", "4444",
      .server = true },
    { "tcp:localhost:4444", "socket", NULL, "localhost", "4444",
      .wait = true },
    { "tcp:[::1]:4444,nodelay", "socket", NULL, "::1", "4444",
      .wait = true, .nodelay = true },
    { "tcp:127.0.0.1:5,delay=off", "socket", NULL, "127.0.0.1", "5",
      .wait = true, .nodelay = true },
    { "foo:bar", .error = "'foo:bar' is not a valid char driver" },
    { "", .error = "'' is not a valid char driver" },
    { "udp:1.2.3.4:5", .error = "'udp:1.2.3.4:5' is not a valid char driver" },
    { "tcp:4444", .error = "'tcp:4444' is not a valid char driver" },
    { "tcp:host:", .error = "'tcp:host:' is not a valid char driver" },
    { "tcp:[::1:4", .error = "'tcp:[::1:4' is not a valid char driver" },
    { "chardev:", .error = "'chardev:' is not a valid char driver" },
    { "file:", .error = "'file:' is not a valid char driver" },
    { "mon:none", .error = "'mon:none' is not a valid char driver" },
    { "mon:chardev:x", .error = "'mon:chardev:x' is not a valid char driver" },
    { "mon:foo", .error = "'foo' is not a valid char driver" },
    { "unix:/x,bogus=1", .error = "Invalid parameter 'bogus'" },
    { "unix:/x,nobogus", .error = "Invalid parameter 'nobogus'" },
    { "unix:/x,server=maybe",
      .error = "Parameter 'server' expects 'on' or 'off'" },
    { "unix:/x,server=1",
      .error = "Parameter 'server' expects 'on' or 'off'" },
    { "unix:/x,reconnect=abc",
      .error = "Parameter 'reconnect' expects a number" },
    { "unix:/x,reconnect=-1",
      .error = "Parameter 'reconnect' expects a number" },
    { "unix:/x,reconnect=99999999999999999999",
      .error = "Value '99999999999999999999' is too large for parameter "
               "'reconnect'" },
};

static void check_legacy_case(const LegacyCase *c)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Error *err = NULL;
    bool ok = chardev_parse_legacy(c->spec, o, &err);

    if (c->error) {
        g_assert_false(ok);
        g_assert_cmpstr(error_get_pretty(err), ==, c->error);
        error_free(err);
        return;
    }
    g_assert_true(ok);
    g_assert_null(err);
    g_assert_cmpstr(o->backend, ==, c->backend);
    g_assert_cmpstr(o->path, ==, c->path);
    g_assert_cmpstr(o->host, ==, c->host);
    g_assert_cmpstr(o->port, ==, c->port);
    g_assert_cmpint(o->server, ==, c->server);
    g_assert_cmpint(o->wait, ==, c->wait);
    g_assert_cmpint(o->reconnect_ms, ==, c->reconnect_ms);
    g_assert_cmpint(o->nodelay, ==, c->nodelay);
    g_assert_cmpint(o->mux, ==, c->mux);
    g_assert_cmpint(o->monitor, ==, c->mux);
    g_assert_cmpint(o->none, ==, c->none);
    g_assert_cmpstr(o->chardev_ref, ==, c->ref);
}

static void test_legacy(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(legacy_cases); i++) {
        if (g_test_verbose()) {
            g_test_message("spec '%s'", legacy_cases[i].spec);
        }
        check_legacy_case(&legacy_cases[i]);
    }
}

/* ---- Options ---- */

static void expect_set_error(const char *key, const char *value,
                             const char *msg)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Error *err = NULL;

    g_assert_false(chardev_options_set(o, key, value, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_options(void)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();

    g_assert_true(o->wait && o->signal && !o->server);
    g_assert_cmpint(o->size, ==, 65536);
    g_assert_true(chardev_options_set(o, "backend", "socket", &error_abort));
    g_assert_true(chardev_options_set(o, "id", "c0", &error_abort));
    g_assert_true(chardev_options_set(o, "server", "yes", &error_abort));
    g_assert_true(o->server);
    g_assert_true(chardev_options_set(o, "server", "n", &error_abort));
    g_assert_false(o->server);
    g_assert_true(chardev_options_set(o, "wait", "false", &error_abort));
    g_assert_false(o->wait);
    g_assert_true(chardev_options_set(o, "delay", "off", &error_abort));
    g_assert_true(o->nodelay);
    g_assert_true(chardev_options_set(o, "reconnect", "0x3", &error_abort));
    g_assert_cmpint(o->reconnect_ms, ==, 3000);
    g_assert_true(chardev_options_set(o, "reconnect-ms", "250",
                                      &error_abort));
    g_assert_cmpint(o->reconnect_ms, ==, 250);
    g_assert_true(chardev_options_set(o, "size", "64K", &error_abort));
    g_assert_cmpint(o->size, ==, 65536);
    g_assert_true(chardev_options_set(o, "size", "2M", &error_abort));
    g_assert_cmpint(o->size, ==, 2 * 1024 * 1024);
    g_assert_true(chardev_options_set(o, "path", "/a", &error_abort));
    g_assert_true(chardev_options_set(o, "path", "/b", &error_abort));
    g_assert_cmpstr(o->path, ==, "/b");
    g_assert_cmpstr(o->id, ==, "c0");

    expect_set_error("bogus", "1", "Invalid parameter 'bogus'");
    expect_set_error("signal", "", "Parameter 'signal' expects 'on' or 'off'");
    expect_set_error("reconnect", "", "Parameter 'reconnect' expects a number");
    expect_set_error("reconnect", "5s",
                     "Parameter 'reconnect' expects a number");
    expect_set_error("size", "lots", "Parameter 'size' expects a "
                     "non-negative number below 2^63");
}

/* ---- Test front end ---- */

typedef struct TestFE {
    GString *in;            /* bytes received */
    GString *ev;            /* O=opened C=closed B=break I=mux-in U=mux-out */
    int room;               /* what can_read returns */
    Chardev *detach_on_open;    /* remove own handlers when OPENED */
} TestFE;

static int fe_can_read(void *opaque)
{
    TestFE *fe = opaque;

    return fe->room;
}

static void fe_read(void *opaque, const uint8_t *buf, int len)
{
    TestFE *fe = opaque;

    g_assert_cmpint(len, <=, fe->room);
    g_string_append_len(fe->in, (const char *)buf, len);
}

static void fe_event(void *opaque, ChardevEvent ev)
{
    static const char letters[] = {
        [CHR_EVENT_OPENED] = 'O', [CHR_EVENT_CLOSED] = 'C',
        [CHR_EVENT_BREAK] = 'B', [CHR_EVENT_MUX_IN] = 'I',
        [CHR_EVENT_MUX_OUT] = 'U',
    };
    TestFE *fe = opaque;

    g_string_append_c(fe->ev, letters[ev]);
    if (ev == CHR_EVENT_OPENED && fe->detach_on_open) {
        chardev_remove_handlers(fe->detach_on_open, fe);
    }
}

static void fe_init(TestFE *fe)
{
    fe->in = g_string_new("");
    fe->ev = g_string_new("");
    fe->room = 4096;
    fe->detach_on_open = NULL;
}

static void fe_attach(Chardev *chr, TestFE *fe)
{
    chardev_set_handlers(chr, fe_can_read, fe_read, fe_event, fe);
}

static void fe_destroy(TestFE *fe)
{
    g_string_free(fe->in, TRUE);
    g_string_free(fe->ev, TRUE);
}

/* ---- Loop helpers ---- */

typedef struct TestEnv {
    QEMUClocks *clocks;
    MainLoop *ml;
    ChardevSet *set;
    char *dir;
} TestEnv;

static void env_init(TestEnv *env)
{
    env->clocks = qemu_clocks_new();
    env->ml = main_loop_new(env->clocks);
    env->set = chardev_set_new();
    env->dir = g_dir_make_tmp("test-chardev-XXXXXX", NULL);
    g_assert_nonnull(env->dir);
}

static char *env_path(TestEnv *env, const char *name)
{
    return g_build_filename(env->dir, name, NULL);
}

static void env_destroy(TestEnv *env)
{
    g_autoptr(GDir) d = NULL;
    const char *name;

    chardev_set_free(env->set);
    main_loop_free(env->ml);
    qemu_clocks_free(env->clocks);
    d = g_dir_open(env->dir, 0, NULL);
    while (d && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = env_path(env, name);

        unlink(p);
    }
    rmdir(env->dir);
    g_free(env->dir);
}

static void timed_out(void *opaque)
{
    *(bool *)opaque = true;
}

/* Iterate until @str equals @want, failing after 2 s. */
static void pump_until_str(TestEnv *env, GString *str, const char *want)
{
    bool expired = false;
    QEMUTimer *t = timer_new_ms(env->clocks, QEMU_CLOCK_REALTIME,
                                timed_out, &expired);

    timer_mod(t, qemu_clock_get_ms(env->clocks, QEMU_CLOCK_REALTIME) + 2000);
    while (strcmp(str->str, want) && !expired) {
        main_loop_iterate(env->ml, true);
    }
    timer_free(t);
    g_assert_cmpstr(str->str, ==, want);
}

/* A few non-blocking iterations: lets pending events happen. */
static void pump_idle(TestEnv *env)
{
    for (int i = 0; i < 5; i++) {
        main_loop_iterate(env->ml, false);
    }
}

static Chardev *new_from_legacy(TestEnv *env, const char *id,
                                const char *spec, Error **errp)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();

    if (!chardev_parse_legacy(spec, o, errp)) {
        return NULL;
    }
    return chardev_new(env->set, id, o, env->ml, errp);
}

static void expect_new_error(TestEnv *env, const char *id,
                             const char *backend, const char *key,
                             const char *value, const char *msg)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Error *err = NULL;

    g_assert_true(chardev_options_set(o, "backend", backend, &error_abort));
    if (key) {
        g_assert_true(chardev_options_set(o, key, value, &error_abort));
    }
    g_assert_null(chardev_new(env->set, id, o, env->ml, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* ---- Creation errors, null, ringbuf, file ---- */

static void test_create_errors(void)
{
    TestEnv env;
    g_autofree char *nope = NULL;
    g_autofree char *msg = NULL;
    Error *err = NULL;

    env_init(&env);
    nope = env_path(&env, "nope.sock");
    expect_new_error(&env, "a", "foo", NULL, NULL,
                     "'foo' is not a valid char driver name");
    expect_new_error(&env, "a", "mux", NULL, NULL,
                     "'mux' is not a valid char driver name");
    g_assert_nonnull(new_from_legacy(&env, "a", "null", &error_abort));
    expect_new_error(&env, "a", "null", NULL, NULL,
                     "Duplicate ID 'a' for chardev");
    expect_new_error(&env, "b", "file", NULL, NULL,
                     "chardev: file: no filename given");
    expect_new_error(&env, "b", "file", "path", "/nonexistent/dir/x",
                     "Could not open '/nonexistent/dir/x': "
                     "No such file or directory");
    expect_new_error(&env, "b", "socket", NULL, NULL,
                     "chardev: socket: no host given");
    expect_new_error(&env, "b", "socket", "host", "localhost",
                     "chardev: socket: no port given");
    expect_new_error(&env, "b", "ringbuf", "size", "1000",
                     "size of ringbuf chardev must be power of two");
    msg = g_strdup_printf("Failed to connect to '%s': "
                          "No such file or directory", nope);
    expect_new_error(&env, "b", "socket", "path", nope, msg);
    g_assert_null(new_from_legacy(&env, "b",
                                  "unix:/x,server=on,reconnect=1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "'reconnect' option is "
                    "incompatible with 'server' option");
    error_free_or_abort(&err);
    g_assert_null(chardev_find(env.set, "b"));

    g_assert_nonnull(new_from_legacy(&env, "s1", "stdio", &error_abort));
    g_assert_null(new_from_legacy(&env, "s2", "stdio", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot use stdio by multiple character devices");
    error_free_or_abort(&err);
    chardev_delete(chardev_find(env.set, "s1"));
    g_assert_nonnull(new_from_legacy(&env, "s2", "stdio", &error_abort));
    env_destroy(&env);
}

static void test_null_opened_bh(void)
{
    TestEnv env;
    TestFE fe;
    Chardev *chr;

    env_init(&env);
    fe_init(&fe);
    chr = new_from_legacy(&env, "n", "null", &error_abort);
    g_assert_cmpstr(chardev_get_backend(chr), ==, "null");
    g_assert_false(chardev_has_frontend(chr));
    fe_attach(chr, &fe);
    g_assert_true(chardev_is_busy(chr));
    g_assert_cmpstr(fe.ev->str, ==, "");        /* not synchronous */
    pump_until_str(&env, fe.ev, "O");
    fe_attach(chr, &fe);                        /* update: no new OPENED */
    pump_idle(&env);
    g_assert_cmpstr(fe.ev->str, ==, "O");
    g_assert_cmpint(chardev_write_all(chr, (const uint8_t *)"x", 1), ==, 1);
    chardev_remove_handlers(chr, &fe);
    g_assert_false(chardev_has_frontend(chr));
    /* A front end may detach from inside its OPENED handler. */
    g_string_truncate(fe.ev, 0);
    fe.detach_on_open = chr;
    fe_attach(chr, &fe);
    pump_until_str(&env, fe.ev, "O");
    g_assert_false(chardev_has_frontend(chr));
    fe_destroy(&fe);
    env_destroy(&env);
}

static void test_ringbuf(void)
{
    TestEnv env;
    g_autoptr(ChardevOptions) o = chardev_options_new();
    g_autoptr(GByteArray) got = NULL;
    Chardev *chr, *nul;
    Error *err = NULL;

    env_init(&env);
    g_assert_true(chardev_options_set(o, "backend", "ringbuf", &error_abort));
    g_assert_true(chardev_options_set(o, "size", "8", &error_abort));
    chr = chardev_new(env.set, "r", o, env.ml, &error_abort);
    chardev_write_all(chr, (const uint8_t *)"0123456789", 10);
    got = chardev_ringbuf_read(chr, 5, &error_abort);
    g_assert_cmpmem(got->data, got->len, "23456", 5);
    g_byte_array_unref(got);
    g_assert_true(chardev_ringbuf_write(chr, (const uint8_t *)"ab", 2,
                                        &error_abort));
    got = chardev_ringbuf_read(chr, 100, &error_abort);
    g_assert_cmpmem(got->data, got->len, "789ab", 5);
    nul = new_from_legacy(&env, "n", "null", &error_abort);
    g_assert_null(chardev_ringbuf_read(nul, 1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "n is not a ringbuf device");
    error_free(err);
    env_destroy(&env);
}

static void test_file(void)
{
    TestEnv env;
    g_autofree char *path = NULL;
    g_autofree char *log = NULL;
    g_autofree char *spec = NULL;
    g_autofree char *data = NULL;
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Chardev *chr;

    env_init(&env);
    path = env_path(&env, "out.txt");
    log = env_path(&env, "log.txt");
    spec = g_strdup_printf("file:%s", path);
    chr = new_from_legacy(&env, "f", spec, &error_abort);
    g_assert_cmpint(chardev_write_all(chr, (const uint8_t *)"hello ", 6), ==,
                    6);
    chardev_write_all(chr, (const uint8_t *)"world", 5);
    g_assert_cmpuint(chardev_pending_output(chr), ==, 0);
    chardev_delete(chr);
    g_assert_true(g_file_get_contents(path, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "hello world");
    g_free(data);

    /* append=on keeps the old content; logfile= gets a copy. */
    chardev_options_set(o, "backend", "file", &error_abort);
    chardev_options_set(o, "path", path, &error_abort);
    chardev_options_set(o, "append", "on", &error_abort);
    chardev_options_set(o, "logfile", log, &error_abort);
    chr = chardev_new(env.set, "f", o, env.ml, &error_abort);
    chardev_write_all(chr, (const uint8_t *)"!", 1);
    chardev_delete(chr);
    g_assert_true(g_file_get_contents(path, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "hello world!");
    g_free(data);
    g_assert_true(g_file_get_contents(log, &data, NULL, NULL));
    g_assert_cmpstr(data, ==, "!");
    env_destroy(&env);
}

/* ---- Sockets ---- */

static void test_socket_unix(void)
{
    TestEnv env;
    TestFE sfe, cfe, cfe2;
    g_autofree char *path = NULL;
    g_autofree char *sspec = NULL;
    g_autofree char *cspec = NULL;
    g_autofree char *name = NULL;
    Chardev *srv, *cli;

    env_init(&env);
    fe_init(&sfe);
    fe_init(&cfe);
    fe_init(&cfe2);
    path = env_path(&env, "s.sock");
    sspec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    cspec = g_strdup_printf("unix:%s", path);
    srv = new_from_legacy(&env, "srv", sspec, &error_abort);
    name = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_assert_cmpstr(chardev_get_filename(srv), ==, name);
    g_assert_false(chardev_is_connected(srv));
    fe_attach(srv, &sfe);
    /* Output with no peer is discarded. */
    g_assert_cmpint(chardev_write_all(srv, (const uint8_t *)"lost", 4), ==,
                    4);

    cli = new_from_legacy(&env, "cli", cspec, &error_abort);
    g_assert_true(chardev_is_connected(cli));
    fe_attach(cli, &cfe);
    pump_until_str(&env, cfe.ev, "O");
    pump_until_str(&env, sfe.ev, "O");
    g_free(name);
    name = g_strdup_printf("unix:%s,server=on", path);
    g_assert_cmpstr(chardev_get_filename(srv), ==, name);

    chardev_write_all(cli, (const uint8_t *)"ping", 4);
    pump_until_str(&env, sfe.in, "ping");
    chardev_write_all(srv, (const uint8_t *)"pong", 4);
    pump_until_str(&env, cfe.in, "pong");

    /* Client goes: CLOSED; a new client is accepted. */
    chardev_delete(cli);
    pump_until_str(&env, sfe.ev, "OC");
    cli = new_from_legacy(&env, "cli", cspec, &error_abort);
    fe_attach(cli, &cfe2);
    pump_until_str(&env, sfe.ev, "OCO");
    chardev_write_all(cli, (const uint8_t *)"again", 5);
    pump_until_str(&env, sfe.in, "pingagain");
    pump_until_str(&env, cfe2.ev, "O");

    fe_destroy(&sfe);
    fe_destroy(&cfe);
    fe_destroy(&cfe2);
    env_destroy(&env);
}

static void test_socket_tcp(void)
{
    TestEnv env;
    TestFE sfe, cfe;
    g_autofree char *cspec = NULL;
    g_autofree char *msg = NULL;
    g_autofree char *want = NULL;
    const char *name;
    int port;
    Chardev *srv, *cli;
    Error *err = NULL;

    env_init(&env);
    fe_init(&sfe);
    fe_init(&cfe);
    srv = new_from_legacy(&env, "srv", "tcp:127.0.0.1:0,server=on,wait=off",
                          &error_abort);
    name = chardev_get_filename(srv);
    g_assert_true(g_str_has_prefix(name, "disconnected:tcp:127.0.0.1:"));
    g_assert_true(g_str_has_suffix(name, ",server=on"));
    /* The filename changes on connect: keep the port, not the string. */
    port = atoi(name + strlen("disconnected:tcp:127.0.0.1:"));
    g_assert_cmpint(port, >, 0);
    cspec = g_strdup_printf("tcp:127.0.0.1:%d,nodelay", port);
    fe_attach(srv, &sfe);
    cli = new_from_legacy(&env, "cli", cspec, &error_abort);
    fe_attach(cli, &cfe);
    pump_until_str(&env, sfe.ev, "O");
    pump_until_str(&env, cfe.ev, "O");
    want = g_strdup_printf("<-> 127.0.0.1:%d", port);
    g_assert_true(g_str_has_suffix(chardev_get_filename(cli), want));
    g_assert_true(g_str_has_prefix(chardev_get_filename(srv), "tcp:"));
    chardev_write_all(cli, (const uint8_t *)"tcp!", 4);
    pump_until_str(&env, sfe.in, "tcp!");
    chardev_write_all(srv, (const uint8_t *)"ok", 2);
    pump_until_str(&env, cfe.in, "ok");

    /* Nobody listening any more. */
    msg = g_strdup_printf("Failed to connect to '127.0.0.1:%d': "
                          "Connection refused", port);
    chardev_delete(srv);
    pump_until_str(&env, cfe.ev, "OC");
    g_assert_null(new_from_legacy(&env, "cli2", cspec, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
    fe_destroy(&sfe);
    fe_destroy(&cfe);
    env_destroy(&env);
}

/* A client with reconnect-ms follows its server going and coming back. */
static void test_socket_reconnect(void)
{
    TestEnv env;
    TestFE cfe, sfe;
    g_autofree char *path = NULL;
    g_autofree char *sspec = NULL;
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Chardev *srv, *cli;

    env_init(&env);
    fe_init(&cfe);
    fe_init(&sfe);
    path = env_path(&env, "r.sock");
    sspec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    chardev_options_set(o, "backend", "socket", &error_abort);
    chardev_options_set(o, "path", path, &error_abort);
    chardev_options_set(o, "reconnect-ms", "20", &error_abort);
    /* No server yet: creation still succeeds, disconnected. */
    cli = chardev_new(env.set, "cli", o, env.ml, &error_abort);
    g_assert_false(chardev_is_connected(cli));
    fe_attach(cli, &cfe);
    srv = new_from_legacy(&env, "srv", sspec, &error_abort);
    pump_until_str(&env, cfe.ev, "O");
    chardev_delete(srv);
    pump_until_str(&env, cfe.ev, "OC");
    srv = new_from_legacy(&env, "srv", sspec, &error_abort);
    fe_attach(srv, &sfe);
    pump_until_str(&env, cfe.ev, "OCO");
    chardev_write_all(cli, (const uint8_t *)"back", 4);
    pump_until_str(&env, sfe.in, "back");
    fe_destroy(&cfe);
    fe_destroy(&sfe);
    env_destroy(&env);
}

static int raw_connect(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static gpointer delayed_connect(gpointer path)
{
    int fd;

    /* Until the server under test has bound its socket. */
    while ((fd = raw_connect(path)) < 0) {
        g_usleep(1000);
    }
    return GINT_TO_POINTER(fd);
}

/* wait=on blocks creation until a client arrives. */
static void test_socket_wait(void)
{
    TestEnv env;
    TestFE fe;
    g_autofree char *path = NULL;
    g_autofree char *spec = NULL;
    g_autofree char *name = NULL;
    GThread *th;
    Chardev *srv;
    int fd;

    env_init(&env);
    fe_init(&fe);
    path = env_path(&env, "w.sock");
    spec = g_strdup_printf("unix:%s,server=on", path);
    th = g_thread_new("connector", delayed_connect, path);
    srv = new_from_legacy(&env, "srv", spec, &error_abort);
    fd = GPOINTER_TO_INT(g_thread_join(th));
    g_assert_true(chardev_is_connected(srv));
    name = g_strdup_printf("unix:%s,server=on", path);
    g_assert_cmpstr(chardev_get_filename(srv), ==, name);
    fe_attach(srv, &fe);
    pump_until_str(&env, fe.ev, "O");
    g_assert_cmpint(write(fd, "hi", 2), ==, 2);
    pump_until_str(&env, fe.in, "hi");
    close(fd);
    pump_until_str(&env, fe.ev, "OC");
    fe_destroy(&fe);
    env_destroy(&env);
}

/* can_read limits what is read; output to a slow peer is queued. */
static void test_socket_flow(void)
{
    TestEnv env;
    TestFE fe;
    g_autofree char *path = NULL;
    g_autofree char *spec = NULL;
    g_autofree uint8_t *big = NULL;
    g_autoptr(GByteArray) got = g_byte_array_new();
    const size_t big_len = 4 * 1024 * 1024;
    Chardev *srv;
    int fd;

    env_init(&env);
    fe_init(&fe);
    path = env_path(&env, "f.sock");
    spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    srv = new_from_legacy(&env, "srv", spec, &error_abort);
    fe.room = 0;
    fe_attach(srv, &fe);
    fd = raw_connect(path);
    pump_until_str(&env, fe.ev, "O");
    g_assert_cmpint(write(fd, "abcdefgh", 8), ==, 8);
    pump_idle(&env);
    g_assert_cmpstr(fe.in->str, ==, "");
    fe.room = 3;
    pump_until_str(&env, fe.in, "abcdefgh");

    big = g_malloc(big_len);
    for (size_t i = 0; i < big_len; i++) {
        big[i] = (uint8_t)(i * 7 + i / 251);
    }
    g_assert_cmpint(chardev_write_all(srv, big, big_len), ==, big_len);
    g_assert_cmpuint(chardev_pending_output(srv), >, 0);
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    while (got->len < big_len) {
        uint8_t buf[65536];
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n > 0) {
            g_byte_array_append(got, buf, n);
        } else {
            g_assert_true(n < 0 && errno == EAGAIN);
            main_loop_iterate(env.ml, false);
        }
    }
    g_assert_cmpmem(got->data, got->len, big, big_len);
    g_assert_cmpuint(chardev_pending_output(srv), ==, 0);
    close(fd);
    fe_destroy(&fe);
    env_destroy(&env);
}

/* ---- Mux ---- */

static void quit_cb(void *opaque)
{
    (*(int *)opaque)++;
}

static void read_peer_until(TestEnv *env, int fd, GString *acc,
                            const char *want)
{
    for (int i = 0; i < 2000 && !strstr(acc->str, want); i++) {
        char buf[512];
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

        if (n > 0) {
            g_string_append_len(acc, buf, n);
        } else {
            main_loop_iterate(env->ml, false);
            g_usleep(500);
        }
    }
    g_assert_nonnull(strstr(acc->str, want));
}

static void test_mux(void)
{
    TestEnv env;
    TestFE mon, ser;
    g_autofree char *path = NULL;
    g_autofree char *spec = NULL;
    g_autoptr(GString) peer = g_string_new("");
    Chardev *mux;
    int quits = 0, fd;

    env_init(&env);
    fe_init(&mon);
    fe_init(&ser);
    path = env_path(&env, "m.sock");
    spec = g_strdup_printf("mon:unix:%s,server=on,wait=off", path);
    mux = new_from_legacy(&env, "mx", spec, &error_abort);
    g_assert_true(chardev_is_mux(mux));
    g_assert_nonnull(chardev_find(env.set, "mx-base"));
    chardev_set_quit_handler(env.set, quit_cb, &quits);
    fe_attach(mux, &mon);
    fe_attach(mux, &ser);           /* attached last: has the focus */
    g_assert_false(chardev_is_busy(mux));
    g_assert_cmpstr(mon.ev->str, ==, "U");
    fd = raw_connect(path);
    pump_until_str(&env, ser.ev, "OI");
    pump_until_str(&env, mon.ev, "UO");

    g_assert_cmpint(write(fd, "ab", 2), ==, 2);
    pump_until_str(&env, ser.in, "ab");
    g_assert_cmpint(write(fd, "\001cxy\001\001", 6), ==, 6);
    pump_until_str(&env, mon.in, "xy\001");
    g_assert_cmpstr(ser.ev->str, ==, "OIU");
    g_assert_cmpstr(mon.ev->str, ==, "UOI");
    g_assert_cmpint(write(fd, "\001b\001h", 4), ==, 4);
    read_peer_until(&env, fd, peer, "C-a c    switch between console and "
                    "monitor\n\r");
    g_assert_cmpstr(mon.ev->str, ==, "UOIB");

    chardev_write_all(mux, (const uint8_t *)"[both]", 6);
    read_peer_until(&env, fd, peer, "[both]");
    g_assert_cmpint(write(fd, "\001x", 2), ==, 2);
    read_peer_until(&env, fd, peer, "QEMU: Terminated\n\r");
    g_assert_cmpint(quits, ==, 1);

    close(fd);
    pump_until_str(&env, ser.ev, "OIUC");
    pump_until_str(&env, mon.ev, "UOIBC");
    chardev_delete(mux);
    g_assert_null(chardev_find(env.set, "mx-base"));
    fe_destroy(&mon);
    fe_destroy(&ser);
    env_destroy(&env);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/chardev/legacy", test_legacy);
    g_test_add_func("/chardev/options", test_options);
    g_test_add_func("/chardev/create-errors", test_create_errors);
    g_test_add_func("/chardev/null-opened-bh", test_null_opened_bh);
    g_test_add_func("/chardev/ringbuf", test_ringbuf);
    g_test_add_func("/chardev/file", test_file);
    g_test_add_func("/chardev/socket/unix", test_socket_unix);
    g_test_add_func("/chardev/socket/tcp", test_socket_tcp);
    g_test_add_func("/chardev/socket/reconnect", test_socket_reconnect);
    g_test_add_func("/chardev/socket/wait", test_socket_wait);
    g_test_add_func("/chardev/socket/flow", test_socket_flow);
    g_test_add_func("/chardev/mux", test_mux);
    return g_test_run();
}
