"""The Docker deployment (docker/), checked without a Docker engine.

The compose files validate against the Compose Specification's schema
(data/compose-spec.json, see data/README.md); services start only when what
they depend on is healthy; every setting of the portal's CKAN config reaches
ckan.ini from the environment; the image installs exactly the pinned
requirements and the extension; and the commands of the README's "Deploying
with Docker" section name files and services that exist.
"""

from __future__ import annotations

import json
import re
import shlex
import stat
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
SCHEMA = json.loads((Path(__file__).parent / "data" / "compose-spec.json").read_text())
COMPOSE_FILES = ("compose.yaml", "compose.dev.yaml")
SUPPORTED = re.findall(r"^\s+(2\.\d+)\) CKAN_PIN",
                       (ROOT / "scripts" / "env.sh").read_text(), re.M)


def compose(name: str) -> dict:
    return yaml.safe_load((DOCKER / name).read_text())


def merged() -> dict:
    """compose.yaml overlaid with compose.dev.yaml, service by service."""
    base = compose("compose.yaml")
    for name, service in compose("compose.dev.yaml")["services"].items():
        base["services"].setdefault(name, {}).update(service)
    return base


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (DOCKER / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def envvars_key(name: str) -> str | None:
    """The ini key ckanext-envvars sets from an environment variable."""
    if name.startswith("CKAN___"):
        return name[len("CKAN___"):].lower().replace("__", ".")
    if name.startswith(("CKAN__", "CKANEXT__")):
        return name.lower().replace("__", ".")
    return None


def portal_settings() -> dict[str, str]:
    """The settings `make run` writes into the portal's ckan.ini."""
    text = (ROOT / "scripts" / "dev-config.sh").read_text()
    return dict(
        (k.strip(), v.strip())
        for k, v in (m.split("=", 1) for m in re.findall(r'^\s+"([^"$]*?=.*)"', text,
                                                             re.M))
    )


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_files_follow_the_compose_specification(name):
    errors = sorted(Draft7Validator(SCHEMA).iter_errors(compose(name)), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_schema_rejects_what_compose_rejects():
    """The vendored schema is the real one: a typo'd key fails it."""
    broken = compose("compose.yaml")
    broken["services"]["ckan"]["depends_onn"] = ["db"]
    assert list(Draft7Validator(SCHEMA).iter_errors(broken))


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_services_wait_for_healthy_dependencies(name):
    services = merged()["services"]
    for service_name, service in compose(name)["services"].items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert rule == {"condition": "service_healthy"}, (service_name, dependency)
            assert "healthcheck" in services[dependency], dependency


def test_backing_services_are_only_on_internal_networks():
    config = compose("compose.yaml")
    networks = config["networks"]
    for name in ("db", "solr", "redis"):
        for network in config["services"][name]["networks"]:
            assert networks[network] == {"internal": True}, (name, network)
    assert "ports" not in config["services"]["db"]


def test_the_jobs_worker_runs_the_ckan_image():
    services = compose("compose.yaml")["services"]
    worker, web = services["ckan-worker"], services["ckan"]
    assert worker["build"] == web["build"] and worker["image"] == web["image"]
    assert worker["volumes"] == web["volumes"]  # checks read the uploads
    script = DOCKER / "ckan" / "setup" / "start_worker.sh"
    assert worker["command"] == ["/srv/app/start_worker.sh"]
    assert script.stat().st_mode & stat.S_IXUSR
    assert 'exec ckan -c "$CKAN_INI" jobs worker' in script.read_text()
    assert "start_worker.sh ${APP_DIR}/start_worker.sh" in (
        DOCKER / "ckan" / "Dockerfile").read_text()


def test_the_web_container_builds_the_javascript_translations_at_start():
    # The base image's start_ckan.sh sources /docker-entrypoint.d/*.sh
    # before uWSGI starts; uWSGI, unlike `ckan run`, builds nothing.
    script = DOCKER / "ckan" / "setup" / "satudata-js-translations.sh"
    assert 'ckan -c "$CKAN_INI" translation js' in script.read_text()
    assert ("satudata-js-translations.sh /docker-entrypoint.d/"
            "satudata-js-translations.sh") in (
        DOCKER / "ckan" / "Dockerfile").read_text()


def test_images_match_the_supported_ckan_version():
    env = env_example()
    assert SUPPORTED == ["2.11", "2.12"]
    assert env["CKAN_VERSION"] in SUPPORTED
    assert env["SOLR_IMAGE_VERSION"] == f"{env['CKAN_VERSION']}-solr9"
    dockerfile = (DOCKER / "ckan" / "Dockerfile").read_text()
    assert f"ARG CKAN_VERSION={env['CKAN_VERSION']}\n" in dockerfile
    assert "FROM ckan/ckan-base:${CKAN_VERSION}\n" in dockerfile
    services = merged()["services"]
    default = "${CKAN_VERSION:-" + env["CKAN_VERSION"] + "}"
    assert services["ckan"]["build"]["args"]["CKAN_VERSION"] == default
    assert services["ckan-dev"]["image"] == f"ckan/ckan-dev:{default}"
    assert services["solr"]["image"] == (
        "ckan/ckan-solr:${SOLR_IMAGE_VERSION:-" + env["SOLR_IMAGE_VERSION"] + "}")


def test_every_portal_setting_comes_from_the_environment():
    from ckan.config.environment import CONFIG_FROM_ENV_VARS

    env = env_example()
    provided = {CONFIG_FROM_ENV_VARS[k]: k for k in CONFIG_FROM_ENV_VARS}
    from_env = {provided.get(name) or envvars_key(name): value
                for name, value in env.items()}
    wanted = portal_settings()
    assert "ckan.plugins" in wanted and "sqlalchemy.url" in wanted
    missing = set(wanted) - set(from_env)
    assert not missing
    # The same portal: plugins (plus envvars, which applies the rest),
    # schemas and DCAT profiles as `make run` has them.
    assert from_env["ckan.plugins"].split() == wanted["ckan.plugins"].split() + [
        "envvars"]
    for key in wanted:
        if key.startswith(("scheming.", "ckanext.", "ckan.auth.", "ckan.locale")):
            assert from_env[key] == wanted[key], key
    # Every satudata option without a default must be set.
    declaration = yaml.safe_load(
        (ROOT / "ckanext" / "satudata" / "config_declaration.yaml").read_text())
    for group in declaration["groups"]:
        for option in group["options"]:
            if "default" not in option:
                assert option["key"] in from_env, option["key"]
    for key in ("ckanext.satudata.workflow", "ckanext.satudata.kode_wilayah"):
        assert key in from_env
    # The variables the compose file interpolates exist.
    text = (DOCKER / "compose.yaml").read_text()
    for name in re.findall(r"\$\{(\w+)(?::-[^}]*)?\}", text):
        assert name in env, name


def test_uploads_are_enabled_into_the_storage_volume():
    """The 2.11 base image's generated ckan.ini leaves ckan.uploads_enabled empty
    (false); the environment must switch uploads on, into the volume."""
    from ckan.config.environment import CONFIG_FROM_ENV_VARS
    from ckan.logic.validators import boolean_validator

    env = env_example()
    assert boolean_validator(env["CKAN__UPLOADS_ENABLED"], {}) is True
    assert CONFIG_FROM_ENV_VARS["ckan.storage_path"] == "CKAN_STORAGE_PATH"
    volume = compose("compose.yaml")["x-ckan-image"]["volumes"]
    assert f"ckan_storage:{env['CKAN_STORAGE_PATH']}" in volume
    assert int(env[CONFIG_FROM_ENV_VARS["ckan.max_resource_size"]]) > 0


def test_no_avatars_from_gravatar():
    env = env_example()
    assert env["CKAN__GRAVATAR_DEFAULT"] == "disabled"


def _run_lines(dockerfile: str) -> list[str]:
    return [line for line in dockerfile.replace("\\\n", " ").splitlines()
            if line.startswith("RUN ")]


def test_image_installs_exactly_the_pins_and_the_extension():
    dockerfile = (DOCKER / "ckan" / "Dockerfile").read_text()
    installs = [
        command.strip()
        for line in _run_lines(dockerfile)
        for command in line[4:].split("&&")
        if "pip" in command
    ]
    assert installs == [
        "pip3 install --no-cache-dir -r ${SRC_DIR}/ckanext-satudata/requirements.txt",
        "pip3 install --no-cache-dir --no-deps ${SRC_DIR}/ckanext-satudata",
    ]
    assert ("COPY --chown=ckan-sys:ckan-sys requirements.txt "
            "${SRC_DIR}/ckanext-satudata/requirements.txt") in dockerfile
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), line
    assert "ckanext-dcat==" in (ROOT / "requirements.txt").read_text()


def test_build_context_sends_what_the_image_copies():
    dockerfile = (DOCKER / "ckan" / "Dockerfile").read_text()
    ignore = (DOCKER / "ckan" / "Dockerfile.dockerignore").read_text().splitlines()
    allowed = [line[1:] for line in ignore if line.startswith("!")]
    for line in dockerfile.replace("\\\n", " ").splitlines():
        if line.startswith("COPY "):
            sources = [w for w in shlex.split(line)[1:-1] if not w.startswith("--")]
            for source in sources:
                assert (ROOT / source).exists(), source
                assert any(source == a or source.startswith(a + "/")
                           for a in allowed), source


def _readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Deploying with Docker", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", section, re.S):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.append(shlex.split(line))
    return commands


def test_readme_commands_are_the_ones_the_files_support():
    commands = _readme_commands()
    assert ["cd", "docker"] in commands
    assert ["cp", ".env.example", ".env"] in commands
    services = merged()["services"]
    seen_up = False
    for words in commands:
        if words[:2] != ["docker", "compose"]:
            continue
        args = words[2:]
        files = []
        while args[:1] == ["-f"]:
            files.append(args[1])
            args = args[2:]
        for name in files:
            assert name in COMPOSE_FILES, words
        known = set()
        for name in files or ["compose.yaml"]:
            known |= set(compose(name)["services"])
        verb, *tail = args
        targets = [a for a in tail if not a.startswith("-")]
        if verb == "exec":
            targets = targets[:1]
            assert tail[1:4] == ["ckan", "-c", "/srv/app/ckan.ini"], words
        for target in targets:
            assert target in known and target in services, words
        seen_up = seen_up or verb == "up"
    assert seen_up
