/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the Error API. */
#include "qemu/osdep.h"
#include "qapi/error.h"

static bool fail_with(Error **errp, const char *what)
{
    error_setg(errp, "cannot %s", what);
    return false;
}

static void test_set_and_propagate(void)
{
    Error *local = NULL;
    Error *outer = NULL;

    g_assert_false(fail_with(&local, "frob"));
    g_assert_nonnull(local);
    g_assert_cmpstr(error_get_pretty(local), ==, "cannot frob");
    error_prepend(&local, "while %s: ", "starting");
    g_assert_cmpstr(error_get_pretty(local), ==, "while starting: cannot frob");
    error_propagate(&outer, local);
    g_assert_cmpint(error_get_class(outer), ==, ERROR_CLASS_GENERIC_ERROR);
    error_free(outer);
}

static void test_null_errp(void)
{
    g_assert_false(fail_with(NULL, "ignore"));
}

static void test_errno_and_hint(void)
{
    Error *err = NULL;

    error_setg_errno(&err, ENOENT, "Could not open '%s'", "x");
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Could not open 'x': No such file or directory");
    error_append_hint(&err, "Try %s\n", "harder");
    g_assert_cmpstr(error_get_hint(err), ==, "Try harder\n");
    error_free(err);
}

static void test_first_error_wins(void)
{
    Error *dst = NULL;
    Error *a = NULL;
    Error *b = NULL;

    error_set(&a, ERROR_CLASS_DEVICE_NOT_FOUND, "first");
    error_setg(&b, "second");
    error_propagate(&dst, a);
    error_propagate(&dst, b);
    g_assert_cmpstr(error_get_pretty(dst), ==, "first");
    g_assert_cmpstr(error_class_name(error_get_class(dst)), ==,
                    "DeviceNotFound");
    error_free(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/error/set-propagate", test_set_and_propagate);
    g_test_add_func("/error/null-errp", test_null_errp);
    g_test_add_func("/error/errno-hint", test_errno_and_hint);
    g_test_add_func("/error/first-wins", test_first_error_wins);
    return g_test_run();
}
