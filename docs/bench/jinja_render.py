"""Render the Rewst workflow's data logic with Jinja, for docs/bench/simulate.sh.

Rewst runs "Immy: NewHaloClientAlert" as Jinja templates (its merge_candidates
and compare_find_missing tasks). This script renders the same rules as
Rewst's templates state them (docs/spec.md: the reconciliation) with jinja2,
over a scale fixture from docs/bench/mkfixture, and prints the length of the
text it publishes (filtered_missing), so the whole process (interpreter
start, JSON load, template compile, render) can be timed against halorb's.

The tenant names are a list, and the missing clients are those whose name is
"not in" it, as a Jinja workflow writes it: the render is O(clients x
tenants), which is Rewst's cost, not an artefact of this script.

    python3 docs/bench/jinja_render.py FIXTURE.json
"""
import json
import sys

import jinja2

TEMPLATE = r"""
{%- if halo_clients is mapping and halo_clients.clients is defined -%}
  {%- set candidates = halo_clients.clients -%}
{%- elif halo_clients is sequence and halo_clients is not string -%}
  {%- set candidates = halo_clients -%}
{%- else -%}
  {%- set candidates = [] -%}
{%- endif -%}
{%- set immy_tenant_names = (immy_tenants or []) | map(attribute='name') | map('default', '', true)
      | map('trim') | map('lower') | select | list -%}
{%- set ns = namespace(first=true) -%}
{%- for c in candidates
      if (c.name | default('', true) | trim | lower) not in immy_tenant_names -%}
  {%- set lname = c.name | lower -%}
  {%- set hit = namespace(any=false) -%}
  {%- for x in exclusions -%}
    {%- if x in lname %}{% set hit.any = true %}{% endif -%}
  {%- endfor -%}
  {%- if not hit.any -%}
    {{- '' if ns.first else ', ' }}{{ c.name }}{% set ns.first = false -%}
  {%- endif -%}
{%- endfor -%}
"""

EXCLUSIONS = ["test", "recycle for cyber assessment", "re-installed agents", "apex namg affiliated",
              "a test company", "template", "unknown", "nfr-test", "best best and krieger", "synthekine",
              "satomic", "san diego museum of art", "balboa park online collaborative",
              "cirsium biosciences", "reproductive sciences medical center"]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        fixture = json.load(f)
    responses = fixture["responses"]
    env = jinja2.Environment(autoescape=False)
    template = env.from_string(TEMPLATE)
    text = template.render(
        halo_clients=responses["HaloPSA: List Clients"]["body"],
        immy_tenants=responses["ImmyBot: List Tenants"]["body"],
        exclusions=EXCLUSIONS,
    ).strip()  # Rewst publishes a rendered value stripped of surrounding whitespace
    print(len(text))


if __name__ == "__main__":
    main()
