from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckan.types import Context

from ckanext.satudata import asset_cache, facets, upload_limit, views
from ckanext.satudata.checks import hooks as check_hooks
from ckanext.satudata.datastore import hooks as datastore_hooks
from ckanext.satudata.logic import action, auth, validators
from ckanext.satudata.workflow import hooks as workflow_hooks
from ckanext.satudata.workflow import signals as workflow_signals


@tk.blanket.actions(action.get_actions)
@tk.blanket.auth_functions(auth.get_auth_functions)
@tk.blanket.validators(validators.get_validators)
@tk.blanket.blueprints(views.get_blueprints)
@tk.blanket.helpers
@tk.blanket.cli
@tk.blanket.config_declarations
class SatudataPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IConfigurable)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.ISignal)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "satudata")

    # IFacets

    def dataset_facets(
        self, facets_dict: dict[str, Any], package_type: str
    ) -> dict[str, Any]:
        return workflow_hooks.add_status_facet(facets.add_facets(facets_dict))

    def organization_facets(
        self, facets_dict: dict[str, Any], organization_type: str,
        package_type: str | None,
    ) -> dict[str, Any]:
        return workflow_hooks.add_status_facet(facets.add_facets(facets_dict))

    # IResourceController: the upload limit in Bahasa Indonesia; conformance
    # checks of data resources

    def before_resource_create(
        self, context: Context, resource: dict[str, Any]
    ) -> None:
        upload_limit.refuse_oversize(resource)

    def before_resource_update(
        self, context: Context, current: dict[str, Any],
        resource: dict[str, Any],
    ) -> None:
        upload_limit.refuse_oversize(resource)

    def after_resource_create(
        self, context: Context, resource: dict[str, Any]
    ) -> None:
        check_hooks.resource_saved(context, resource, created=True)

    def after_resource_update(
        self, context: Context, resource: dict[str, Any]
    ) -> None:
        check_hooks.resource_saved(context, resource, created=False)

    def before_resource_show(self, resource_dict: dict[str, Any]) -> dict[str, Any]:
        check_hooks.show_resource(resource_dict)
        datastore_hooks.show_resource(resource_dict)
        return resource_dict

    # IConfigurable: a broken workflow definition stops the start-up

    def configure(self, config: CKANConfig) -> None:
        workflow_hooks.validate_definition()

    # IPackageController: the workflow state as the read-only dataset field
    # satudata_status, in package_show and in the search index; the approval
    # provenance of published datasets in package_show and search results

    def after_dataset_show(
        self, context: Context, pkg_dict: dict[str, Any]
    ) -> dict[str, Any]:
        workflow_hooks.add_status_and_provenance(pkg_dict)
        return pkg_dict

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        workflow_hooks.add_status(pkg_dict)
        return pkg_dict

    def after_dataset_search(
        self, search_results: dict[str, Any], search_params: dict[str, Any]
    ) -> dict[str, Any]:
        workflow_hooks.add_status_to_results(search_results)
        search_facets = search_results.get("search_facets") or {}
        facets.show_labels(search_facets)
        workflow_hooks.show_status_labels(search_facets)
        return search_results

    # IPermissionLabels: unpublished datasets only for their OPD's Satu Data
    # roles and the regency-wide roles

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return workflow_hooks.get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return workflow_hooks.get_user_dataset_labels(user_obj)

    # ISignal: published tables into the DataStore, withdrawn ones out

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {workflow_signals.transition_applied: [
            datastore_hooks.transition_applied]}

    # IMiddleware: browsers keep the static files (bundles a year, images a day)

    def make_middleware(self, app: Any, config: CKANConfig) -> Any:
        app.wsgi_app = asset_cache.KeptFiles(
            app.wsgi_app, config["ckan.webassets.url"])
        return app
