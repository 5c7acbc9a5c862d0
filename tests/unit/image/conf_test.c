/* Unit tests of lib/image/conf.c: kernel config values and mkinitfs.conf. */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "image/conf.h"

static int parse(const char *text, struct conf *c, struct conf_error *e)
{
	memset(c, 0, sizeof(*c));
	memset(e, 0, sizeof(*e));
	return conf_parse(text, strlen(text), c, e);
}

ATF_TC_WITHOUT_HEAD(kernel_config_values);
ATF_TC_BODY(kernel_config_values, tc)
{
	const char *t = "#\n# Automatically generated\nCONFIG_BLK_DEV_INITRD=y\r\n"
			"CONFIG_RD_GZIP=y\n# CONFIG_RD_ZSTD is not set\nCONFIG_OVERLAY_FS=m\n"
			"CONFIG_OVERLAY_FS_INDEX=y\nCONFIG_LOCALVERSION=\"-x\"\nCONFIG_RD_XZ";
	size_t n = strlen(t);

	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_BLK_DEV_INITRD"), 'y');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_RD_GZIP"), 'y');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_RD_ZSTD"), 'n');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_OVERLAY_FS"), 'm');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_LOCALVERSION"), 'v');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_RD_XZ"), 'n');     /* no '=' */
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_RD_LZ4"), 'n');
	ATF_CHECK_EQ(conf_kernel(t, n, "CONFIG_RD"), 'n');        /* no prefix match */
	ATF_CHECK_EQ(conf_kernel(t, 51, "CONFIG_BLK_DEV_INITRD"), 'y');
	ATF_CHECK(conf_kernel(t, 50, "CONFIG_BLK_DEV_INITRD") != 'y');   /* cut after "=" */
}

ATF_TC_WITHOUT_HEAD(alpine_syntax_quotes_and_comments);
ATF_TC_BODY(alpine_syntax_quotes_and_comments, tc)
{
	const char *t = "# mkinitfs.conf\n\nfeatures=\"ata base ide scsi usb virtio ext4\"\n"
			"  modules='sd-mod usb-storage'   # Alpine's modules=\n"
			"compression=zstd\r\nreplace_initrd=no\ncompression=gz\"ip\"\n";
	struct conf c;
	struct conf_error e;

	ATF_REQUIRE_EQ(parse(t, &c, &e), 0);
	ATF_CHECK_STREQ(c.value[CONF_FEATURES], "ata base ide scsi usb virtio ext4");
	ATF_CHECK_EQ(c.line[CONF_FEATURES], 3);
	ATF_CHECK_STREQ(c.value[CONF_MODULES], "sd-mod usb-storage");
	ATF_CHECK_STREQ(c.value[CONF_COMPRESSION], "gzip");   /* the later wins, as in sh */
	ATF_CHECK_EQ(c.line[CONF_COMPRESSION], 7);
	ATF_CHECK_STREQ(c.value[CONF_REPLACE_INITRD], "no");
	ATF_CHECK_STREQ(conf_key_name(CONF_REPLACE_INITRD), "replace_initrd");
}

ATF_TC_WITHOUT_HEAD(empty_value_is_set_and_empty);
ATF_TC_BODY(empty_value_is_set_and_empty, tc)
{
	struct conf c;
	struct conf_error e;

	ATF_REQUIRE_EQ(parse("modules=\nfeatures=\"\"", &c, &e), 0);
	ATF_CHECK_STREQ(c.value[CONF_MODULES], "");
	ATF_CHECK_EQ(c.line[CONF_MODULES], 1);
	ATF_CHECK_STREQ(c.value[CONF_FEATURES], "");
	ATF_CHECK_EQ(c.line[CONF_FEATURES], 2);
	ATF_CHECK_EQ(c.line[CONF_COMPRESSION], 0);
}

/* refused TEXT LINE: the parser refuses TEXT at LINE. */
static void refused(const char *text, int line)
{
	struct conf c;
	struct conf_error e;

	ATF_CHECK_EQ_MSG(parse(text, &c, &e), -EINVAL, "accepted: %s", text);
	ATF_CHECK_EQ_MSG(e.line, line, "%s: line %d", text, e.line);
	ATF_CHECK_MSG(e.why != NULL && e.why[0], "no reason for %s", text);
}

ATF_TC_WITHOUT_HEAD(what_needs_a_shell_is_refused_with_its_line);
ATF_TC_BODY(what_needs_a_shell_is_refused_with_its_line, tc)
{
	refused("features=base\nfeatures=a b\n", 2);           /* runs command b */
	refused("#\nfeatures=\"$default ext4\"\n", 2);
	refused("features=`cat /x`\n", 1);
	refused("features=\"a\\\"b\"\n", 1);
	refused("\n\nfeatures=\"base\next4\"\n", 3);           /* multi-line value */
	refused("features='base\n", 1);
	refused("features=base;reboot\n", 1);
	refused("export features=base\n", 1);
	refused("features = base\n", 1);
	refused("disable_trigger=yes\n", 1);                    /* an unknown key */
	refused("features\n", 1);
	refused("replace_initrd=1\n", 1);
	refused("replace_initrd=YES\n", 1);
	refused("features=\"base\" ext4\n", 1);
}

ATF_TC_WITHOUT_HEAD(nul_byte_is_refused);
ATF_TC_BODY(nul_byte_is_refused, tc)
{
	const char t[] = "features=\"a\0b\"\nmodules=x\0\n";
	struct conf c;
	struct conf_error e;

	memset(&c, 0, sizeof(c));
	ATF_CHECK_EQ(conf_parse(t, sizeof(t) - 1, &c, &e), -EINVAL);
	ATF_CHECK_EQ(e.line, 1);
	ATF_CHECK_EQ(conf_parse(t + 15, sizeof(t) - 16, &c, &e), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(overlong_value_is_an_error_not_cut);
ATF_TC_BODY(overlong_value_is_an_error_not_cut, tc)
{
	static char t[CONF_VALUE_MAX + 32];
	static struct conf c;
	struct conf_error e;
	size_t n;

	strcpy(t, "modules=\"");
	n = strlen(t);
	memset(t + n, 'a', CONF_VALUE_MAX - 1);
	strcpy(t + n + CONF_VALUE_MAX - 1, "\"\n");
	memset(&c, 0, sizeof(c));
	ATF_CHECK_EQ(conf_parse(t, strlen(t), &c, &e), 0);    /* exactly the limit */
	ATF_CHECK_EQ(strlen(c.value[CONF_MODULES]), CONF_VALUE_MAX - 1);
	strcpy(t + n + CONF_VALUE_MAX - 1, "a\"\n");
	ATF_CHECK_EQ(conf_parse(t, strlen(t), &c, &e), -ENAMETOOLONG);
	ATF_CHECK_EQ(e.line, 1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, kernel_config_values);
	ATF_TP_ADD_TC(tp, alpine_syntax_quotes_and_comments);
	ATF_TP_ADD_TC(tp, empty_value_is_set_and_empty);
	ATF_TP_ADD_TC(tp, what_needs_a_shell_is_refused_with_its_line);
	ATF_TP_ADD_TC(tp, nul_byte_is_refused);
	ATF_TP_ADD_TC(tp, overlong_value_is_an_error_not_cut);
	return atf_no_error();
}
