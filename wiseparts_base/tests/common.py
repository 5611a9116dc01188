from lxml import etree

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

# Every internal user opens Contacts and the partner views our addons extend (issue 8, item 1):
# role -> groups of its test user.
VIEW_ROLES = {
    "internal user": "base.group_user",
    "billing": "account.group_account_invoice",
    "salesperson (own documents)": "sales_team.group_sale_salesman",
    "salesperson (all documents)": "sales_team.group_sale_salesman_all_leads",
    "sales administrator": "sales_team.group_sale_manager",
}


def create_role_users(env, prefix="wp_role"):
    """One user per role of VIEW_ROLES: {role: user}."""
    return {
        role: new_test_user(
            env,
            login=f"{prefix}_{index}",
            groups=groups,
            name=f"{role.capitalize()} ({prefix})",
        )
        for index, (role, groups) in enumerate(VIEW_ROLES.items())
    }


def _view_specification(node, model_name, models):
    """The web client's read specification of the fields under ``node`` (a view arch)."""
    fields_info = models.get(model_name, {}).get("fields", {})
    spec = {}

    def visit(parent):
        for child in parent:
            if not isinstance(child.tag, str):  # comments
                continue
            if child.tag != "field":
                visit(child)
                continue
            # the fields of an x2many's sub-views are the comodel's: not visited here
            info = fields_info.get(child.get("name"))
            if not info:
                continue
            field_spec = {}
            if info["type"] == "many2one":
                field_spec = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                sub_spec = _view_specification(child, info["relation"], models)
                field_spec = {"fields": sub_spec or {"display_name": {}}}
            spec.setdefault(child.get("name"), {}).update(field_spec)

    visit(node)
    return spec


def view_specification(env, model_name, view_id, view_type):
    """get_views of one view as the current user; returns (view arch, read specification).

    The specification holds every field the view shows, as the web client asks for them
    (display_name of many2one, the sub-view's fields of x2many).
    """
    result = env[model_name].get_views([(view_id, view_type)])
    arch = etree.fromstring(result["views"][view_type]["arch"])
    # the arch holds the fields the user may see, and those its modifiers use (Odoo adds them)
    return arch, _view_specification(arch, model_name, result["models"])


def assert_views_readable(test, users, model_name, views, records):
    """For each user: load each view with get_views and read the fields it shows on records.

    ``users``: {role: user} (see create_role_users); ``views``: [(xmlid or False, type)];
    ``records``: what the user opens. A list or kanban is read with web_search_read (and its
    default grouping with web_read_group), a form with web_read and, for users who may create,
    the new-record onchange. Any AccessError fails the test, naming the role and the view.
    """
    for role, user in users.items():
        env = test.env(user=user)
        Model = env[model_name]
        ids = records.ids
        for xmlid, view_type in views:
            view_id = env.ref(xmlid).id if xmlid else False
            with test.subTest(role=role, view=xmlid or f"default {view_type}"):
                arch, spec = view_specification(env, model_name, view_id, view_type)
                if view_type == "form":
                    values = Model.browse(ids).web_read(spec)
                    test.assertEqual(len(values), len(ids))
                    if Model.has_access("create"):
                        Model.onchange({}, [], spec)
                else:
                    result = Model.web_search_read([("id", "in", ids)], spec)
                    test.assertEqual(result["length"], len(ids))
                    group_by = arch.get("default_group_by")
                    if group_by:
                        Model.web_read_group([("id", "in", ids)], [], [group_by])


class WisepartsCommon(BaseCommon):
    """Users for each WiseParts role (Odoo's Sales groups) and a small catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_rep = new_test_user(
            cls.env,
            login="wp_rep",
            groups="sales_team.group_sale_salesman",
            name="Rita Rep",
        )
        cls.user_rep2 = new_test_user(
            cls.env,
            login="wp_rep2",
            groups="sales_team.group_sale_salesman",
            name="Oscar Other",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="wp_manager",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Mona Manager",
        )
        cls.user_admin = new_test_user(
            cls.env,
            login="wp_admin",
            groups="sales_team.group_sale_manager",
            name="Adam Admin",
        )
        cls.user_internal = new_test_user(
            cls.env,
            login="wp_internal",
            groups="base.group_user",
            name="Ivan Internal",
        )
        cls.brand = cls.env["wiseparts.brand"].create({"name": "Test Brand"})
