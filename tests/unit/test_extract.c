/* Unit tests for extract.c, extract_compress.c and extract_dedup.c with the shipped rules
 * (templates/rules/security.yaml; run from the repo root): per category a genre sentence it
 * must catch and one it must not; drop rules; facts; compression (elide/trim) keeping facts
 * addressable; dedup across sources with `also`; and a pcre2 limit reported with rule and
 * source position. */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "extract.h"
#include "rules.h"
#include "segment.h"
#include "source.h"

#define RULES "templates/rules/security.yaml"

typedef struct {
    bg_arena a;
    bg_diag d;
    FILE *msgs;
    bg_source src[2];
    bg_source_set set;
    bg_sentence_list sentences;
    bg_ruleset *rs;
    bg_point_list pts;
} fixture;

static bg_status extract(fixture *f, const char *rules, const char *t1, const char *t2)
{
    bg_arena_init(&f->a, 1u << 26);
    f->msgs = tmpfile();
    assert_non_null(f->msgs);
    bg_diag_init(&f->d, f->msgs, "briefgen");
    make_source_set(&f->a, f->src, &f->set, t1, t2);
    const char *paths[] = {rules};
    assert_int_equal(bg_rules_load(paths, 1, &f->a, &f->d, &f->rs), BG_OK);
    assert_int_equal(bg_segment_run(&f->set, &f->a, &f->d, &f->sentences), BG_OK);
    return bg_extract_run(&f->sentences, f->rs, &f->a, &f->d, &f->pts);
}

static void done(fixture *f)
{
    bg_arena_free(&f->a);
    fclose(f->msgs);
}

/* --- One test per category: a sentence it must catch, one it must not --- */

typedef struct {
    const char *category;
    const char *yes;  /* must be a point of this category */
    const char *no;   /* must not be a point of this category */
    const char *rule; /* the rule a case is about, when a category has more than one case */
} category_case;

static category_case cases[] = {
    {"framework",
     "Since 1994, Ukraine and NATO have developed their relations through the Partnership for "
     "Peace and an Annual National Programme.",
     "The Prime Minister of Australia attended the NATO Summit in Vilnius in July 2023.", NULL},
    {"political-dialogue",
     "Foreign Ministers of NATO and the European Union met in Brussels on 4 April 2023 to "
     "discuss political dialogue with partners.",
     "New Zealand and NATO share common values and interests, including a commitment to the "
     "rules-based international order.",
     NULL},
    {"partnership",
     "New Zealand and NATO share common values and interests, including a commitment to the "
     "rules-based international order.",
     "The country donated EUR 12 million to the Comprehensive Assistance Package Trust Fund "
     "for Ukraine in 2022.",
     NULL},
    {"cyber",
     "Finland joined the annual cyber defence exercise Cyber Coalition and works with the "
     "Cooperative Cyber Defence Centre of Excellence.",
     "Experts from Japan take part in Science for Peace and Security projects on artificial "
     "intelligence and quantum sensing.",
     NULL},
    {"technology",
     "Experts from Japan take part in Science for Peace and Security projects on artificial "
     "intelligence and quantum sensing.",
     "Officers from Mongolia attended courses at the NATO Defense College and joint training "
     "exercises with Allied forces.",
     NULL},
    {"arms-control",
     "Allies support the Treaty on the Non-Proliferation of Nuclear Weapons and call for the "
     "complete denuclearisation of the peninsula.",
     "Sweden has improved interoperability through the Planning and Review Process and the "
     "adoption of NATO standards.",
     NULL},
    {"operations",
     "Since 2008, the country has contributed some 1,200 troops to the NATO-led Kosovo Force "
     "(KFOR) peacekeeping mission.",
     "Finland joined the annual cyber defence exercise Cyber Coalition and works with the "
     "Cooperative Cyber Defence Centre of Excellence.",
     NULL},
    {"training",
     "Officers from Mongolia attended courses at the NATO Defense College and joint training "
     "exercises with Allied forces.",
     "Since 2008, the country has contributed some 1,200 troops to the NATO-led Kosovo Force "
     "(KFOR) peacekeeping mission.",
     NULL},
    {"interoperability",
     "Sweden has improved interoperability through the Planning and Review Process and the "
     "adoption of NATO standards.",
     "Foreign Ministers of NATO and the European Union met in Brussels on 4 April 2023 to "
     "discuss political dialogue with partners.",
     NULL},
    {"maritime",
     "The Australian navy took part in counter-piracy patrols and maritime security operations "
     "in the Gulf of Aden.",
     "Allies support the Treaty on the Non-Proliferation of Nuclear Weapons and call for the "
     "complete denuclearisation of the peninsula.",
     NULL},
    {"funding",
     "The country donated EUR 12 million to the Comprehensive Assistance Package Trust Fund "
     "for Ukraine in 2022.",
     "Russia's war of aggression against Ukraine and China's coercive policies pose a serious "
     "threat to Euro-Atlantic security.",
     NULL},
    {"risk",
     "Russia's war of aggression against Ukraine and China's coercive policies pose a serious "
     "threat to Euro-Atlantic security.",
     "This article argues that small states use alliances to hedge against great power "
     "rivalry in the Indo-Pacific.",
     NULL},
    {"analysis",
     "This article argues that small states use alliances to hedge against great power "
     "rivalry in the Indo-Pacific.",
     "The delegation visited the old town and enjoyed a dinner with local officials on Friday "
     "evening.",
     NULL},
    {"source", "By Jane Doe, Senior Fellow at the Institute for Security Studies",
     "Jane Doe gave a lecture at the university about the history of the city.", NULL},
    {"maritime",
     "Danish frigates and patrol aircraft watch the undersea cables that cross the North "
     "Sea.",
     "Sabotage of gas pipelines and the shadow fleet's dragged anchors put the region's energy "
     "links at risk.",
     "undersea-infrastructure"},
    {"risk",
     "Sabotage of gas pipelines and the shadow fleet's dragged anchors put the region's energy "
     "links at risk.",
     "Danish frigates and patrol aircraft watch the undersea cables that cross the North "
     "Sea.",
     "infrastructure-attack"},
    {"risk",
     "Several parties in parliament oppose closer ties with NATO, and any change to the policy "
     "of neutrality would need a referendum.",
     "Parliament approved closer ties with NATO and a larger defence budget for the navy.",
     "domestic-constraint"},
    {"operations",
     "In February 2024, the EU launched Operation Aspides, a naval mission that deploys "
     "frigates to protect merchant ships in the Red Sea.",
     "Danish frigates and patrol aircraft watch the undersea cables that cross the North "
     "Sea.",
     "mission-launched"},
    {"risk",
     "Russian troops have occupied two breakaway regions of the country since the war of "
     "2008.",
     "Troops from the country served in the NATO-led Kosovo Force from 1999 to 2023.",
     "occupation"},
    {"risk",
     "The government suspended parliament in 2021, and Allies have questioned the pace of "
     "democratic reforms.",
     "Parliament approved a new defence strategy and the purchase of patrol boats in 2022.",
     "democratic-backsliding"},
    {"operations",
     "Allies placed a larger share of their forces at high readiness under the new NATO Force "
     "Model.",
     "European firms doubled their output of artillery shells and ammunition in 2024.",
     "force-posture"},
    {"cyber",
     "Russian troll farms and cloned websites spread false stories about NATO exercises in "
     "Poland in 2024.",
     "Allies placed a larger share of their forces at high readiness under the new NATO Force "
     "Model.",
     "hybrid"},
    {"technology",
     "European firms doubled their output of artillery shells and ammunition in 2024.",
     "Russian troll farms and cloned websites spread false stories about NATO exercises in "
     "Poland in 2024.",
     "capabilities"},
    {"framework", "Finland joined the Alliance in April 2023, and Sweden followed in March 2024.",
     "Russian troops have occupied two breakaway regions of the country since the war of "
     "2008.",
     "membership"},
    {"political-dialogue",
     "The two governments signed a peace agreement in Washington in August 2025 after months "
     "of talks.",
     "Finland joined the Alliance in April 2023, and Sweden followed in March 2024.",
     "peace-process"},
    {"risk",
     "Jihadist groups and Wagner mercenaries have expanded their attacks across the Sahel "
     "since 2020.",
     "The two governments signed a peace agreement in Washington in August 2025 after months "
     "of talks.",
     "armed-groups"},
    {"risk",
     "In 2024 the country froze its participation in the Russian-led security bloc and sought "
     "closer ties with the European Union.",
     "The country has been a member of the Partnership for Peace since 1994.", "alignment-shift"},
    {"risk",
     "Extreme heat and floods in 2023 forced Allied armed forces to suspend exercises in "
     "southern Europe.",
     "European firms doubled their output of artillery shells and ammunition in 2024.",
     "climate-energy"},
    {"analysis",
     "\"Logistics wins wars. An army that cannot move on time loses them,\" Virtanen "
     "writes.",
     "\"Logistics wins wars. An army that cannot move on time loses them,\" a driver "
     "told us.",
     "quoted-author"},
    {"general",
     "\"Our two organisations must do more, and do it faster, together,\" the Secretary "
     "General told reporters.",
     "\"Our two organisations must do more, and do it faster, together,\" a shopkeeper "
     "told reporters.",
     "quoted-official"},
    {"training",
     "NATO Mission Iraq, a non-combat advisory mission, advises the Ministry of Defence and the "
     "Federal Police.",
     "Jihadist groups and Wagner mercenaries have expanded their attacks across the Sahel "
     "since 2020.",
     "advisory"},
    {"political-dialogue",
     "The mission supports the State Election Commission and the fight against corruption in "
     "the courts.",
     "Officers from Mongolia attended courses at the NATO Defense College and joint training "
     "exercises with Allied forces.",
     "governance"},
    {"operations",
     "Moving an armoured brigade to the east needs a permit for each cross-border movement and "
     "bridges and tunnels that can carry NATO's tanks.",
     "The mission supports the State Election Commission and the fight against corruption in "
     "the courts.",
     "military-mobility"},
    {"risk",
     "European arms makers rely on a single supplier for gallium, and China refines about 90 per "
     "cent of the world's rare earths.",
     "Moving an armoured brigade to the east needs a permit for each cross-border movement and "
     "bridges and tunnels that can carry NATO's tanks.",
     "supply-dependence"},
    {"operations",
     "Lithuania reintroduced conscription in 2015 and now calls up about 4,000 young men and "
     "women every year.",
     "Allies should publish multi-year spending paths so that industry can plan its "
     "investment.",
     "force-generation"},
    {"analysis",
     "Allies should publish multi-year spending paths so that industry can plan its "
     "investment.",
     "Lithuania reintroduced conscription in 2015 and now calls up about 4,000 young men and "
     "women every year.",
     "should-act"},
    {"operations",
     "Fewer than half of the European Allies hold military fuel stocks for thirty days of "
     "high-intensity operations.",
     "Allies should publish multi-year spending paths so that industry can plan its "
     "investment.",
     "sustainment"},
    {"analysis", "Map the chips in every major weapon system and share the results through NATO.",
     "Support for Ukraine rose in 2024 as Allies sent more air defence systems.", "imperative"},
    {"risk",
     "Moscow vetoed the renewal of the panel that monitors the sanctions on the regime in 2024.",
     "The demining project is led by Turkey and Norway with funds from nine Allies.", "sanctions"},
    {"operations",
     "In Ukraine, surgical teams and freeze-dried plasma save the wounded where medical evacuation "
     "takes hours.",
     "Allies should publish multi-year spending paths so that industry can plan its "
     "investment.",
     "casualty-care"},
    {"maritime",
     "Only three cable repair ships serve the North Atlantic, and most cables meet at a few "
     "landing stations.",
     "In Ukraine, surgical teams and freeze-dried plasma save the wounded where medical evacuation "
     "takes hours.",
     "undersea-infrastructure"},
    {"partnership", "The demining project is led by Turkey and Norway with funds from nine Allies.",
     "Troops from the country served in the NATO-led Kosovo Force from 1999 to 2023.",
     "lead-nation"},
    {"arms-control",
     "The Chemical Weapons Convention lets inspectors check compliance, while its states parties "
     "report their stocks each year.",
     "A ransomware attack halted cargo handling at a container port for three days in 2024.",
     "treaty-regime"},
    {"cyber",
     "A ransomware attack halted cargo handling at a container port for three days in 2024.",
     "The Chemical Weapons Convention lets inspectors check compliance, while its states parties "
     "report their stocks each year.",
     "cyber-incidents"},
    {"analysis",
     "\"Every month the blockade lasts, the bill for the region grows,\" Adeyemi-Clarke writes.",
     "\"Every month the blockade lasts, the bill for the region grows,\" a trader told the "
     "press.",
     "quoted-author"},
    {"analysis",
     "Our main findings: only a minority of shipyards screen their buyers, and no rule obliges "
     "them to.",
     "Main roads: only a minority of them are paved, and no budget covers their repair.",
     "finding-list"},
    {"analysis",
     "Conclusions: interference with satellite navigation has become a persistent hazard for "
     "civil aviation.",
     "Contents: interference with satellite navigation, civil aviation and the regulators of "
     "Europe.",
     "finding-list"},
    {"analysis", "States should keep ground-based navigation aids instead of decommissioning them.",
     "States keep ground-based navigation aids and decommission them only when they age.",
     "should-act"},
    {"training", "The two countries will train crews together and share spare parts.",
     "The two countries will share spare parts from a common depot.", "training"},
    {"operations",
     "Acting under Chapter VII, the Council authorizes the force for an initial period of "
     "twelve months.",
     "The Council heard briefings from the two envoys for an initial period of the meeting.",
     "mandate"},
    {"operations",
     "Each country must ensure continuity of government and be able to deal with mass "
     "casualties.",
     "Each country must ensure that its museums stay open and be able to deal with tourists.",
     "resilience"},
    {"arms-control",
     "The older gravity bombs are giving way to a guided warhead carried by dual-capable "
     "aircraft.",
     "The older aircraft are giving way to a new trainer carried by the national airline.",
     "deterrence"},
    {"analysis",
     "\"Deterrence that is not shared is deterrence that can be split,\" Gallagher notes.",
     "\"Deterrence that is not shared is deterrence that can be split,\" the banner read.",
     "quoted-author"},
    {"general",
     "\"Today, the Council has heard the call of the people,\" the representative of the "
     "United States told members.",
     "\"Today, the Council has heard the call of the people,\" a passer-by told members.",
     "quoted-official"},
    {"general",
     "The Defence Minister said at the closing ceremony: \"We no longer have to fear that a "
     "depot near our homes will explode.\"",
     "A neighbour said at the closing ceremony: \"We no longer have to fear that a depot near "
     "our homes will explode.\"",
     "quoted-official"},
    {"arms-control",
     "Almost nine in ten traceable guns were bought legally abroad and trafficked as firearms "
     "in parcels.",
     "Almost nine in ten parcels were bought legally abroad and shipped in containers.",
     "small-arms"},
    {"analysis",
     "Three findings stand out: the imports had recovered to about 85% of their pre-war level.",
     "Three ships stand out: the imports had recovered to about 85% of their pre-war level.",
     "finding-list"},
    {"general",
     "\"Every gun that is traced is a door opened onto a network,\" said UNLIREC Director Ana "
     "Ferreyra.",
     "\"Every gun that is traced is a door opened onto a network,\" said a stall holder in "
     "town.",
     "quoted-official"},
    {"general",
     "Montenegro itself provided about \xE2\x82\xAC"
     "450,000 in kind, mainly sites and "
     "staff.",
     "Montenegro itself provided sites, transport and staff in kind.", "dated-or-quantified"},
    {"general", "Only five of the 16 forces have revised their targeting doctrine.",
     "Only the forces have revised their targeting doctrine.", "counted-in-words"},
    {"general", "In 34 of the 87 episodes the Ally linked the decision to a dispute.",
     "In most episodes the Ally linked the decision to a dispute.", "dated-or-quantified"},
    {"political-dialogue",
     "The members of the Security Council called on States in the region to inspect cargo "
     "bound for the port.",
     "The inspectors of the port searched cargo bound for the region.", "body-decision"},
    {"political-dialogue",
     "Japan lodged a serious protest through diplomatic channels on 10 July and asked China to "
     "prevent a recurrence.",
     "The union lodged a complaint about pay with the regional labour court in Osaka.",
     "diplomatic-protest"},
    {"framework",
     "The agreement enters into force on the first day of the second month after the last "
     "notification.",
     "The new office enters the second year of its lease on the first day of the month.",
     "treaty-terms"},
    {"framework", "The government adopted a new national strategy for the Arctic and the north.",
     "The government opened a new national museum for the Arctic and the north.",
     "signed-agreement"},
    {"operations",
     "Norway's first strategy for security of supply keeps emergency stocks of grain and "
     "medicines.",
     "Norway's first strategy for its film industry keeps archives of films and music.",
     "resilience"},
    {"operations",
     "The Federal Republic of Germany shall permanently station an armoured brigade on the "
     "territory of the Republic of Lithuania.",
     "The railway station of the capital was rebuilt on the territory of the old market.",
     "deployed"},
    {"maritime",
     "The Marine Rescue Coordination Centre received the distress call and tasked two "
     "lifeboats.",
     "The regional health centre received the call and tasked two ambulances.", "maritime"},
    {"risk",
     "One child in five under the age of five is acutely malnourished in the besieged "
     "towns.",
     "One child in five under the age of five is learning to swim in the coastal towns.",
     "humanitarian-crisis"},
    {"risk", "Those designated include a banker in Istanbul who moved payments for the network.",
     "Those invited include a banker in Istanbul who moved payments for the network.", "sanctions"},
    {"maritime",
     "The Liaoning aircraft carrier operated inside Japan's exclusive economic zone around "
     "Minamitorishima.",
     "The Liaoning province operated a new rail freight line around Shenyang.", "naval-assets"},
    {"risk",
     "Corruption and poor governance in the defence sector waste scarce resources and erode "
     "public trust.",
     "Good governance in the defence sector saves scarce resources and builds public trust.",
     "corruption-crime"},
    {"analysis", "For governments, the results suggest three implications: publish the costings.",
     "For governments, the results suggest three things: publish the costings.",
     "recommendation-list"},
    {"risk", "The trial also showed limits: strong currents cut the image quality.",
     "The trial also showed the drones: strong currents cut the image quality.", "exposed-limits"},
    {"cyber",
     "The agency warns of a critical vulnerability in the gateways that allows remote code "
     "execution.",
     "The agency warns of a critical delay in the gateways that allows late delivery.",
     "cyber-incidents"},
    {"risk", "One nurse was killed in an ambush near the town on 12 June.",
     "One nurse was trained in a clinic near the town on 12 June.", "violence"},
    {"general",
     "Major General Henrik Sommer said: \"We are buying in months what would normally take "
     "years.\"",
     "Henrik Sommer said: \"We are buying in months what would normally take years.\"",
     "quoted-official"},
    {"framework", "The programme makes Chile the Alliance's second partner in Latin America.",
     "The programme makes Chile the Alliance's second supplier in Latin America.", "partners-of"},
    {"risk", "Rockets hit a petrol station in the province on Tuesday.",
     "Tourists visited a petrol station in the province on Tuesday.", "strikes"},
    {"operations", "Rapid reaction teams are on standby at the request of the government.",
     "Translators are available at the request of the government.", "force-posture"},
    {"political-dialogue", "The upper house is due to debate the bill in its winter session.",
     "The upper house is due to visit the museum in its winter session.", "legislation"},
    {"framework", "Paraguay is not a member of NATO and does not seek membership.",
     "Paraguay is not a neighbour of Chile and does not seek a port.", "membership"},
    {"technology", "High-power microwaves are moving from test ranges into service.",
     "New kitchen ovens are moving from test kitchens into service.", "emerging-tech"},
    {"training",
     "Each edition includes a command-post exercise run from a multinational "
     "headquarters.",
     "Each edition includes a buffet run from a multinational kitchen.", "training"},
};

/* The category of the single point made from @sentence, or NULL when it is no point. */
static const char *category_of(const char *sentence)
{
    static char name[64];
    fixture f;
    bg_status st = extract(&f, RULES, sentence, NULL);
    assert_int_equal(st, BG_OK);
    const char *result = NULL;
    if (f.pts.n > 0) {
        assert_int_equal(f.pts.n, 1);
        bg_str c = f.pts.categories[f.pts.items[0].category];
        assert_true(c.len < sizeof(name));
        memcpy(name, c.ptr, c.len);
        name[c.len] = 0;
        result = name;
    }
    done(&f);
    return result;
}

static void test_category(void **state)
{
    const category_case *c = *state;
    const char *got = category_of(c->yes);
    if (!got || strcmp(got, c->category) != 0) {
        fail_msg("'%s' gave %s, want %s", c->yes, got ? got : "no point", c->category);
    }
    got = category_of(c->no);
    if (got && strcmp(got, c->category) == 0) {
        fail_msg("'%s' must not be %s", c->no, c->category);
    }
}

/* @text makes @n points. */
static void assert_points(const char *text, size_t n)
{
    fixture f;
    assert_int_equal(extract(&f, RULES, text, NULL), BG_OK);
    assert_int_equal(f.pts.n, n);
    done(&f);
}

/* @text makes no point at all. */
static void assert_no_points(const char *text)
{
    assert_points(text, 0);
}

/* --- Behaviour --- */

static void test_drop_noise_and_headings(void **state)
{
    (void)state;
    assert_no_points("Cyber defence and NATO summits\n\n"
                     "Install the app\n\n"
                     "  \xE2\x80\xA2 Last updated: 16 Jul. 2024 10:28\n\n"
                     "Install this application on your home screen for quick and easy "
                     "access to NATO cyber defence news when you're on the go.\n");
}

/* A page's footer of link lists, a mailing-list prompt and a feedback question, set as one
 * run of short lines: no point, though its theme words ("critical raw materials") and the
 * question mark would make one. */
static void test_drop_link_lists(void **state)
{
    (void)state;
    assert_no_points("Related research: Critical raw materials | Undersea cables\n"
                     "Tags: China, Ports, Investment screening, NATO\n"
                     "Sign up to our mailing list\n"
                     "Was this page helpful? Yes | No\n");
    assert_no_points("Newsroom | Vacancies | Procurement\n"
                     "Follow us: Facebook \xC2\xB7 Telegram \xC2\xB7 YouTube\n"
                     "\xC2\xA9 NATO 2025\n"
                     "We use only essential cookies on this site. OK\n\n"
                     "More on Allied Maritime Command\n"
                     "Filed under: Maritime security, Exercises\n"
                     "Did you find this page helpful?\n");
    /* a download link with words between the verb and the document, and a citation line,
     * set as one unit: the year in the citation makes no point of them */
    assert_no_points("Download policy brief (PDF, 16 pp.)\n"
                     "Cite as: Doe, J. (2025), Policy Brief No. 7/2025.\n"
                     "Press contact: press duty officer, tel. +47 23 09 60 00\n"
                     "Did you find what you were looking for? Yes | No\n");
}

/* An author's biography beside a paper is about the author, not the subject, whatever
 * theme its words name. */
static void test_drop_author_bio(void **state)
{
    (void)state;
    assert_no_points("Maja Lindqvist is a senior fellow in the Institute's sanctions "
                     "programme on NATO and Russia since 2019.\n");
    /* a former inspector of a treaty body: the body's name makes no arms-control point */
    assert_no_points("Lukas Brenner is a former OPCW inspector.\n");
    /* a double-barrelled name; a biography that says what the author runs */
    assert_no_points("Farid Hosseini-Klein is an associate fellow in the Centre's "
                     "non-proliferation programme.\n");
    assert_no_points("Ingrid Solberg directs the Centre's defence industry programme on NATO "
                     "missiles.\n");
    /* a former official's line at an op-ed's foot: the role in title case */
    assert_no_points("Catherine Rees was Director General for Security Policy at the Ministry "
                     "of Defence from 2017 to 2022.\n");
    /* a podcast's host: what the host presents, then the programme directed */
    assert_no_points("Daniel Okafor hosts Deep Currents and directs the Forum's maritime "
                     "programme.\n");
    /* a columnist's line at an op-ed's foot: a service's name, a trade, then the role */
    assert_no_points("Fiona Kerrigan is a former Royal Navy logistics officer and writes a "
                     "fortnightly defence column.\n");
}

/* The point whose text is @want, or NULL. */
static const bg_point *point_with_text(const fixture *f, const char *want)
{
    for (size_t i = 0; i < f->pts.n; i++) {
        bg_str t = f->pts.items[i].s->text;
        if (t.len == strlen(want) && memcmp(t.ptr, want, t.len) == 0) {
            return &f->pts.items[i];
        }
    }
    return NULL;
}

/* Whether @name is among @p's rules. */
static bool has_rule(const fixture *f, const bg_point *p, const char *name)
{
    bool is_fired = false;
    for (size_t k = 0; k < p->n_fired; k++) {
        is_fired = is_fired || strcmp(f->pts.rules[p->fired[k]].name, name) == 0;
    }
    return is_fired;
}

/* A point opening on an anaphor (refer rules) is printed after the sentence before it in
 * its block, when that one is short (and no point itself: test_anaphor_merged_with_point);
 * its facts stay found in the new
 * text and refer/pronoun is among its rules. Left alone: an anaphor opening a block, one
 * after a long sentence, and "It remains likely that …", which refers to no one. */
static void test_anaphor_after_referent(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(
        extract(&f, RULES,
                "NMI is a small advisory team.  It advises officials of the Ministry of "
                "Defence on cyber defence since 2019.\n\n"
                "It joined a NATO cyber defence exercise in May 2018.\n\n"
                "The Alliance has decided in the past year, at several meetings in different "
                "capitals of Europe and North America and after long and detailed "
                "discussions with many partners, to do more. It will fund a cyber defence "
                "centre with EUR 20 million in 2026.\n\n"
                "The Alliance met.  It remains likely that Allies will join a NATO cyber "
                "defence exercise in July 2025.\n",
                NULL),
        BG_OK);
    const bg_point *p = point_with_text(&f, "NMI is a small advisory team. It advises officials "
                                            "of the Ministry of Defence on cyber defence since "
                                            "2019.");
    assert_non_null(p);
    assert_int_equal(p->s->loc.line, 1);
    assert_int_equal(p->n_facts, 1);
    assert_true(p->facts[0].text.ptr > p->s->text.ptr &&
                p->facts[0].text.ptr < p->s->text.ptr + p->s->text.len);
    assert_memory_equal(p->facts[0].text.ptr, "since 2019", 10);
    assert_true(has_rule(&f, p, "refer/pronoun"));
    assert_non_null(point_with_text(&f, "It joined a NATO cyber defence exercise in May 2018."));
    assert_non_null(
        point_with_text(&f, "It will fund a cyber defence centre with EUR 20 million in 2026."));
    assert_non_null(point_with_text(&f, "It remains likely that Allies will join a NATO cyber "
                                        "defence exercise in July 2025."));
    done(&f);
}

/* bonus/anaphoric-start (unless_referred) does not count when the sentence before, no point
 * itself, is printed in front: the pair is a point. After a point, it goes only up to
 * scoring: refer_after_point_max (3.5 in the shipped rules): the sentence is a low point of
 * its own with that point as its antecedent, never merged into it. */
static void test_anaphor_resolved_not_demoted(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The mission is the largest of its kind. It was deployed in the "
                             "north in December 2008 to help build police institutions.\n\n"
                             "Allies met in Brussels on cyber defence in 2019, and the plan "
                             "was agreed by all. It was deployed in the north in December "
                             "2009 to help build police institutions.\n",
                             NULL),
                     BG_OK);
    const bg_point *p = point_with_text(&f, "The mission is the largest of its kind. It was "
                                            "deployed in the north in December 2008 to help "
                                            "build police institutions.");
    assert_non_null(p);
    for (size_t i = 0; i < p->n_fired; i++) {
        const bg_rule_info *r = &f.pts.rules[p->fired[i]];
        if (strcmp(r->name, "bonus/anaphoric-start") == 0) {
            assert_true(p->fired_weight[i] == 0.0);
        }
    }
    const bg_point *after = point_with_text(&f, "It was deployed in the north in December 2009 "
                                                "to help build police institutions.");
    assert_non_null(after);
    assert_true(after->score <= 3.5 + 1e-9);
    assert_non_null(after->antecedent);
    assert_non_null(point_with_text(&f, "Allies met in Brussels on cyber defence in 2019, and the "
                                        "plan was agreed by all."));
    done(&f);
}

/* A chain of sentences opening on "It": the last refers back past the one between, long
 * as it is, to the paragraph's subject. */
static void test_anaphor_chain(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The Eurocorps is a multinational headquarters in Strasbourg. It "
                             "grew out of a brigade that France and Germany set up after a "
                             "meeting of their leaders at La Rochelle in the spring of the year "
                             "of the treaty. It was declared operational in November 1995.\n",
                             NULL),
                     BG_OK);
    assert_non_null(point_with_text(&f, "The Eurocorps is a multinational headquarters in "
                                        "Strasbourg. It was declared operational in November "
                                        "1995."));
    done(&f);
}

/* When the sentence before an anaphoric point is a point itself and scores lower, the two
 * are one point: both texts, cited at the first one's line, with both points' facts (in
 * the new text), the anaphoric one's score and rules (with the refer rule). When it scores
 * higher, the two stay apart and the anaphoric one keeps it as its antecedent. */
static void test_anaphor_merged_with_point(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Cyber defence\n\n"
                             "Allies held a NATO cyber defence exercise in 2019.  It funded a "
                             "NATO cyber defence centre with EUR 20 million in Tallinn in May "
                             "2020.\n\n"
                             "Allies held a NATO cyber defence exercise in Riga in May 2021.  "
                             "It trained cyber defence experts of partners in 2022.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 3);
    const bg_point *p = point_with_text(&f, "Allies held a NATO cyber defence exercise in 2019. It "
                                            "funded a NATO cyber defence centre with EUR 20 "
                                            "million in Tallinn in May 2020.");
    assert_non_null(p);
    assert_int_equal(p->s->loc.line, 3);
    assert_int_equal(p->s->loc.col, 1);
    assert_int_equal(p->n_facts, 3);
    for (size_t k = 0; k < p->n_facts; k++) {
        assert_true(p->facts[k].text.ptr >= p->s->text.ptr &&
                    p->facts[k].text.ptr < p->s->text.ptr + p->s->text.len);
    }
    assert_memory_equal(p->facts[0].text.ptr, "in 2019", 7);
    assert_true(has_rule(&f, p, "refer/pronoun"));
    assert_true(has_rule(&f, p, "cyber/cyber-bodies"));
    const bg_point *first =
        point_with_text(&f, "Allies held a NATO cyber defence exercise in Riga in May 2021.");
    const bg_point *second =
        point_with_text(&f, "It trained cyber defence experts of partners in 2022.");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first->score >= second->score);
    assert_true(has_rule(&f, second, "refer/pronoun"));
    assert_ptr_equal(second->antecedent, first->s); /* compose prints it in front where needed */
    assert_null(p->antecedent);
    done(&f);
}

/* A list item that is no sentence is a point with its list's introduction in front (an
 * open one, "… to:", without its colon), and its ';' becomes a full stop; its facts stay
 * found (by address, in the new text). An item that is a sentence, and an item under a
 * paragraph that is no introduction, stay as they are. */
static void test_list_item_with_intro(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "At the summit in July 2024, Allies agreed to:\n\n"
                             "  \xE2\x80\xA2 expand cyber defence cooperation with partners "
                             "by 2026;\n"
                             "  \xE2\x80\xA2 Allies will fund a cyber defence centre with "
                             "EUR 20 million.\n\n"
                             "Allies met in Brussels.\n\n"
                             "  \xE2\x80\xA2 expand cyber defence cooperation with partners "
                             "in the Gulf in 2025;\n",
                             NULL),
                     BG_OK);
    const char *want = "At the summit in July 2024, Allies agreed to expand cyber defence "
                       "cooperation with partners by 2026.";
    const bg_point *item = point_with_text(&f, want);
    assert_non_null(item);
    bg_str t = item->s->text;
    assert_int_equal(item->s->loc.line, 3);
    assert_int_equal(item->n_facts, 1);
    assert_true(item->facts[0].text.ptr >= t.ptr && item->facts[0].text.ptr < t.ptr + t.len);
    assert_memory_equal(item->facts[0].text.ptr, "by 2026", 7);
    /* Its introduction, and where its own words start (compose prints siblings under one
     * lead): the open introduction's colon is not in the lead. */
    assert_non_null(item->intro);
    assert_true(bg_str_eq_cstr(item->intro->text, "At the summit in July 2024, Allies agreed to:"));
    assert_int_equal(item->lead_bytes, strlen("At the summit in July 2024, Allies agreed to "));
    assert_string_equal(t.ptr + item->lead_bytes,
                        "expand cyber defence cooperation with partners by 2026.");
    bool has_sentence = false;
    for (size_t i = 0; i < f.pts.n; i++) {
        t = f.pts.items[i].s->text;
        bool is_sentence = t.len > 6 && memcmp(t.ptr, "Allies will", 11) == 0;
        has_sentence = has_sentence || is_sentence;
        assert_true(!is_sentence || f.pts.items[i].intro == NULL); /* no list item */
        assert_false(t.len > 6 && memcmp(t.ptr, "Allies met in Brussels. ", 24) == 0);
    }
    assert_true(has_sentence);
    done(&f);
    /* A list in a list: a numbered paragraph that ends in a colon introduces the items
     * under it, and what it announces ("… states will:") is the decision of each. */
    assert_int_equal(extract(&f, RULES,
                             "4. Participants agreed the Commitments, under which states will:\n"
                             "(i) set up registers of the owners of companies;\n"
                             "(ii) license and supervise the providers of payment services;\n"
                             "5. Participants thanked the hosts.\n",
                             NULL),
                     BG_OK);
    item = point_with_text(&f, "Participants agreed the Commitments, under which states will: "
                               "license and supervise the providers of payment services.");
    assert_non_null(item);
    assert_non_null(item->intro);
    assert_true(bg_str_eq_cstr(f.pts.categories[item->category], "political-dialogue"));
    assert_null(point_with_text(&f, "license and supervise the providers of payment services."));
    done(&f);
}

/* A numbered item that ends as the list goes on (';') prints as a sentence, with its fact
 * (its topic label elided); the next item's number is not part of it. */
static void test_numbered_item_ends(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "  1. Cyber: Allies agreed to expand cyber defence cooperation "
                             "with Japan in 2025;\n"
                             "  2. Training: officers from Japan attend NATO Defense College "
                             "courses.\n",
                             NULL),
                     BG_OK);
    const bg_point *item = point_with_text(
        &f, "Allies agreed to expand cyber defence cooperation with Japan in 2025.");
    assert_non_null(item);
    assert_int_equal(item->n_facts, 1);
    bg_str t = item->s->text;
    assert_true(item->facts[0].text.ptr >= t.ptr && item->facts[0].text.ptr < t.ptr + t.len);
    assert_int_equal(item->s->kind, BG_KIND_BULLET);
    done(&f);
}

/* A list item is scored with its introduction in front: under "The authors recommend
 * that:" an item is a recommendation (analysis rules) although no rule fires on its own
 * words, and a capitalised item continues a "that:" as a lower-case one does. */
static void test_list_item_scored_with_intro(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The authors recommend that:\n\n"
                             "  \xE2\x80\xA2 Washington and Berlin hold annual talks on "
                             "their ports;\n"
                             "  \xE2\x80\xA2 the Allies hold annual talks on their ports.\n",
                             NULL),
                     BG_OK);
    const bg_point *upper = point_with_text(
        &f, "The authors recommend that Washington and Berlin hold annual talks on their ports.");
    const bg_point *lower = point_with_text(
        &f, "The authors recommend that the Allies hold annual talks on their ports.");
    assert_non_null(upper);
    assert_non_null(lower);
    assert_true(has_rule(&f, upper, "analysis/it-verb"));
    assert_int_equal(upper->s->loc.line, 3);
    assert_int_equal(lower->s->loc.line, 4);
    done(&f);
}

/* An item that no category rule claims takes list_share of its list's theme, the category
 * that wins over the introduction and all items read as one: the theme word of one item
 * speaks for its siblings. The fallback category is no theme, and a list without a theme
 * gives none. */
static void test_list_theme(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The committee heard that:\n\n"
                             "a) recruitment takes 220 days on average;\n"
                             "b) a lack of housing near bases is a leading reason to leave.\n",
                             NULL),
                     BG_OK);
    const bg_point *own =
        point_with_text(&f, "The committee heard that recruitment takes 220 days on average.");
    const bg_point *heir = point_with_text(
        &f, "The committee heard that a lack of housing near bases is a leading reason to leave.");
    assert_non_null(own);
    assert_non_null(heir);
    assert_true(own->term_list == 0.0);
    assert_true(bg_str_eq_cstr(f.pts.categories[heir->category], "operations"));
    assert_true(heir->term_list > 0.0);
    assert_true(heir->score < own->score);
    done(&f);
    assert_int_equal(extract(&f, RULES,
                             "The committee heard that:\n\n"
                             "a) the hearings took 220 days in 2024;\n"
                             "b) a lack of housing near bases is a leading reason to leave.\n",
                             NULL),
                     BG_OK);
    assert_non_null(point_with_text(&f, "The committee heard that the hearings took 220 days "
                                        "in 2024."));
    assert_null(point_with_text(&f, "The committee heard that a lack of housing near bases is "
                                    "a leading reason to leave."));
    done(&f);
    /* A list under a heading and no introduction: the heading speaks for the items (not
     * printed in front); an item that only the fallback claims takes the list's theme. */
    assert_int_equal(extract(&f, RULES,
                             "Highlights\n"
                             "\xE2\x80\xA2 Only five of the 16 forces have revised their "
                             "doctrine.\n"
                             "\xE2\x80\xA2 None defines the term in a way that can guide a "
                             "gunner.\n",
                             NULL),
                     BG_OK);
    const bg_point *counted =
        point_with_text(&f, "Only five of the 16 forces have revised their doctrine.");
    const bg_point *plain =
        point_with_text(&f, "None defines the term in a way that can guide a gunner.");
    assert_non_null(counted);
    assert_non_null(plain);
    assert_true(bg_str_eq_cstr(f.pts.categories[counted->category], "analysis"));
    assert_true(bg_str_eq_cstr(f.pts.categories[plain->category], "analysis"));
    assert_true(plain->term_list > 0.0);
    done(&f);
    /* An introduction over items that are sentences of their own (capitalised: not printed
     * in front) speaks for them as a heading does, when it counts what it lists
     * (analysis/list-count-intro); one that does not lends no theme. */
    assert_int_equal(extract(&f, RULES,
                             "The initiative rests on three principles:\n"
                             "\xE2\x80\xA2 Each partner chooses its own pace.\n"
                             "\xE2\x80\xA2 Nothing is agreed until everything is agreed.\n\n"
                             "The delegation then went on to the harbour:\n"
                             "\xE2\x80\xA2 Nothing was said about the weather.\n",
                             NULL),
                     BG_OK);
    const bg_point *item = point_with_text(&f, "Each partner chooses its own pace.");
    assert_non_null(item);
    assert_true(bg_str_eq_cstr(f.pts.categories[item->category], "analysis"));
    assert_true(item->term_list > 0.0);
    assert_null(point_with_text(&f, "The initiative rests on three principles: Each partner "
                                    "chooses its own pace."));
    assert_null(point_with_text(&f, "Nothing was said about the weather."));
    done(&f);
    /* An introduction printed in front of its items speaks for them with what only it
     * says: its count of what it lists needs its colon at the end. */
    assert_int_equal(extract(&f, RULES,
                             "Three panels took stock of the problems:\n"
                             "(i) old sealed sources kept for years in hospital basements;\n"
                             "(ii) blood irradiators that a newer machine could replace.\n",
                             NULL),
                     BG_OK);
    const bg_point *heir2 = point_with_text(&f, "Three panels took stock of the problems: old "
                                                "sealed sources kept for years in hospital "
                                                "basements.");
    assert_non_null(heir2);
    assert_true(bg_str_eq_cstr(f.pts.categories[heir2->category], "analysis"));
    assert_true(heir2->term_list > 0.0);
    done(&f);
}

/* A list's introduction that opens on an anaphor ("It sets out …:") brings the sentence it
 * refers back to in front of each item, so that no item opens on an unexplained "It". */
static void test_list_intro_with_referent(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Bahrain chose a new plan. It sets out cooperation in two areas:\n\n"
                             "  \xE2\x80\xA2 cyber defence, including the Cyber Coalition "
                             "exercise;\n"
                             "  \xE2\x80\xA2 maritime security and the protection of shipping "
                             "lanes.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 2);
    const bg_point *p = point_with_text(
        &f, "Bahrain chose a new plan. It sets out cooperation in two areas: cyber defence, "
            "including the Cyber Coalition exercise.");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "refer/pronoun"));
    assert_int_equal(p->s->loc.line, 3);
    /* The lead holds the referent and the introduction; the item's own words follow. */
    assert_non_null(p->intro);
    assert_true(bg_str_eq_cstr(p->intro->text, "It sets out cooperation in two areas:"));
    assert_int_equal(p->lead_bytes,
                     strlen("Bahrain chose a new plan. It sets out cooperation in two areas: "));
    assert_string_equal(p->s->text.ptr + p->lead_bytes,
                        "cyber defence, including the Cyber Coalition exercise.");
    assert_non_null(point_with_text(
        &f, "Bahrain chose a new plan. It sets out cooperation in two areas: maritime security "
            "and the protection of shipping lanes."));
    done(&f);
}

/* Words an elide rule leaves out of a list's introduction shorten the lead, and the item's
 * own words still start at lead_bytes. */
static void test_list_item_lead_compressed(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "In addition, the Allies also agreed to:\n\n"
                             "  \xE2\x80\xA2 expand cyber defence cooperation with partners "
                             "by 2026;\n",
                             NULL),
                     BG_OK);
    const bg_point *p = point_with_text(
        &f, "The Allies agreed to expand cyber defence cooperation with partners by 2026.");
    assert_non_null(p);
    assert_non_null(p->intro);
    assert_int_equal(p->lead_bytes, strlen("The Allies agreed to "));
    assert_string_equal(p->s->text.ptr + p->lead_bytes,
                        "expand cyber defence cooperation with partners by 2026.");
    done(&f);
}

/* A page's facts box: a row "Label: figure" is a point although it has no full stop
 * (general/figure-row), label included; rows of page data ("Reading time: 7 min", a
 * dateline with its "Last updated" stamp, a phone number) are not. */
static void test_figure_rows(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Facts and figures\n\n"
                             "  \xE2\x80\xA2 Fatalities since 1978: 334\n"
                             "  \xE2\x80\xA2 Approved budget (2024 \xE2\x80\x93 2025): "
                             "US$ 548.7 million\n"
                             "  \xE2\x80\xA2 Reading time: 7 min\n"
                             "  \xE2\x80\xA2 Last updated: 06 Jun. 2025 08:20\n"
                             "  \xE2\x80\xA2 Tel: 2 707 50 41\n"
                             "  \xE2\x80\xA2 Partnership framework: Istanbul Cooperation "
                             "Initiative (since February 2005)\n"
                             "  \xE2\x80\xA2 Cyber defence: Allies held a cyber defence "
                             "exercise with partners in 2023.\n"
                             "  \xE2\x80\xA2 Approved budget July 2024 \xE2\x80\x93 June 2025: "
                             "US$ 1.26 billion\n"
                             "  \xE2\x80\xA2 Officers trained at NATO schools since 2002: more "
                             "than 250\n"
                             "  \xE2\x80\xA2 Authorised troop ceiling: 17,000\n"
                             "  \xE2\x80\xA2 Estimated cost: NOK 90 bn\n"
                             "  \xE2\x80\xA2 589 vehicles on order\n"
                             "  \xE2\x80\xA2 4 min read\n"
                             "  \xE2\x80\xA2 12 March 2025 in Brussels\n"
                             "  \xE2\x80\xA2 Officers on NATO courses each year: about a dozen\n"
                             "  \xE2\x80\xA2 Courses planned for 2026: eight\n"
                             "  \xE2\x80\xA2 Common costs of exercises, 2024\xE2\x80\x93"
                             "2025: "
                             "30 million euros from the peace fund\n"
                             "  \xE2\x80\xA2 Arrivals by sea, 2024: up 60% on 2023\n"
                             "  \xE2\x80\xA2 Cost of a new plant: \xE2\x82\xAC"
                             "400\xE2\x80\x93"
                             "600m\n"
                             "  \xE2\x80\xA2 Defence budget 2024: approx. US$ 78 billion\n"
                             "  \xE2\x80\xA2 Duration: 10 years, renewed automatically\n"
                             "  \xE2\x80\xA2 Duration: 12:40\n\n"
                             "In numbers\n"
                             "Makers of over 1,000 motors a year: 2\n"
                             "Nitrocellulose made from imported linters: c. 70%\n\n"
                             "Brussels, 05 Jun. 2025 \xE2\x80\x93 Last updated: 06 Jun. 2025 "
                             "08:20\n",
                             NULL),
                     BG_OK);
    const bg_point *row = point_with_text(&f, "Fatalities since 1978: 334");
    assert_non_null(row);
    assert_true(has_rule(&f, row, "general/figure-row"));
    assert_non_null(
        point_with_text(&f, "Approved budget (2024 \xE2\x80\x93 2025): US$ 548.7 million"));
    /* a row keeps its label: elide/topic-label takes only a sentence's */
    assert_non_null(point_with_text(
        &f, "Partnership framework: Istanbul Cooperation Initiative (since February 2005)"));
    assert_non_null(
        point_with_text(&f, "Allies held a cyber defence exercise with partners in 2023."));
    /* a long label, an en dash in it; a figure without a unit */
    assert_non_null(
        point_with_text(&f, "Approved budget July 2024 \xE2\x80\x93 June 2025: US$ 1.26 billion"));
    assert_non_null(
        point_with_text(&f, "Officers trained at NATO schools since 2002: more than 250"));
    assert_non_null(point_with_text(&f, "Authorised troop ceiling: 17,000"));
    assert_non_null(point_with_text(&f, "Estimated cost: NOK 90 bn")); /* any currency code */
    /* a figure first and what it counts; not a reading time or a date */
    assert_non_null(point_with_text(&f, "589 vehicles on order"));
    assert_null(point_with_text(&f, "4 min read"));
    assert_null(point_with_text(&f, "12 March 2025 in Brussels"));
    /* a figure in words, approximate; a small number in words is no row */
    assert_non_null(point_with_text(&f, "Officers on NATO courses each year: about a dozen"));
    assert_null(point_with_text(&f, "Courses planned for 2026: eight"));
    /* a comma in the label; a figure after "up" or "at least", a share with its sign */
    assert_non_null(point_with_text(&f, "Common costs of exercises, 2024\xE2\x80\x93"
                                        "2025: 30 "
                                        "million euros from the peace fund"));
    assert_non_null(point_with_text(&f, "Arrivals by sea, 2024: up 60% on 2023"));
    /* a range with its scale, an abbreviated "approximately"; a term, not a play time */
    assert_non_null(point_with_text(&f, "Cost of a new plant: \xE2\x82\xAC"
                                        "400\xE2\x80\x93"
                                        "600m"));
    assert_non_null(point_with_text(&f, "Defence budget 2024: approx. US$ 78 billion"));
    assert_non_null(point_with_text(&f, "Duration: 10 years, renewed automatically"));
    assert_null(point_with_text(&f, "Duration: 12:40"));
    /* a box of rows without bullets, "c." (circa) in one: still rows, each a point */
    assert_non_null(point_with_text(&f, "Makers of over 1,000 motors a year: 2"));
    assert_non_null(point_with_text(&f, "Nitrocellulose made from imported linters: c. 70%"));
    assert_int_equal(f.pts.n, 17);
    done(&f);
}

/* A table set as lines ("Name – what it does"): each row is a point, a theme's word in it
 * notwithstanding (bonus/table-row); a menu on one line is none. */
static void test_table_rows(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The founding members:\n\n"
                             "  Estonia \xE2\x80\x93 framework nation, runs the drone test range\n"
                             "  Latvia \xE2\x80\x93 sponsoring nation, leads the testing branch\n\n"
                             "Home \xE2\x80\x93 News \xE2\x80\x93 Contact\n",
                             NULL),
                     BG_OK);
    const bg_point *row =
        point_with_text(&f, "Estonia \xE2\x80\x93 framework nation, runs the drone test range");
    assert_non_null(row);
    assert_true(has_rule(&f, row, "bonus/table-row"));
    row = point_with_text(&f, "Latvia \xE2\x80\x93 sponsoring nation, leads the testing branch");
    assert_non_null(row);
    assert_true(has_rule(&f, row, "general/table-row"));
    assert_int_equal(f.pts.n, 2);
    done(&f);
}

/* A table set with vertical bars: each row a point in its header's words; a year in a
 * column's header names the column and dates no row, a year in a cell is a fact. */
static void test_bar_table_rows(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "| Subhead | 2025 (EUR m) | 2026 (EUR m) | Since |\n"
                             "|---|---|---|---|\n"
                             "| Equipment and capital works | 176 | 247 | 2019 |\n"
                             "| Military pensions | 310 | 318 | 2019 |\n",
                             NULL),
                     BG_OK);
    const bg_point *row = point_with_text(
        &f, "Equipment and capital works \xE2\x80\x93 2025 (EUR m): 176; 2026 (EUR m): 247; "
            "Since: 2019.");
    assert_non_null(row);
    assert_int_equal(row->n_facts, 1);
    assert_int_equal(row->facts[0].kind, BG_FACT_DATE);
    assert_string_equal(row->facts[0].norm, "2019");
    assert_int_equal(f.pts.n, 2);
    done(&f);
}

/* "It was the first time that …" is news about the sentence before it, not an anaphor to
 * demote: it refers back (and merges with the lower-scoring point it follows) and earns the
 * first-ever bonus. A footnote marker after a full stop is left out of the point. */
static void test_first_time_and_footnote(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Drones destroyed 60 per cent of Russian armoured vehicles in "
                             "Ukraine in 2024.[1] Allies held a NATO air defence exercise on "
                             "Crete in September 2025. It was the first time that Finland and "
                             "Sweden took part in joint exercises of this kind as Allies.\n",
                             NULL),
                     BG_OK);
    assert_non_null(point_with_text(&f, "Drones destroyed 60 per cent of Russian armoured "
                                        "vehicles in Ukraine in 2024."));
    const bg_point *p = point_with_text(
        &f, "Allies held a NATO air defence exercise on Crete in September 2025. It was the "
            "first time that Finland and Sweden took part in joint exercises of this kind as "
            "Allies.");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "refer/pronoun"));
    assert_true(has_rule(&f, p, "bonus/first-ever"));
    assert_false(has_rule(&f, p, "bonus/anaphoric-start"));
    assert_int_equal(f.pts.n, 2);
    done(&f);
}

/* A quoted statement attributed to an office-holder: a point of the fallback category
 * when its words name no theme (a quote of several sentences kept with its attribution
 * by segment.c), of its theme with bonus/quoted-official when they do, with the
 * attribution first or last; the occasion of the remark is left out unless it holds a
 * figure. Not a quote: a word in quotation marks, a pull quote with no attribution, a
 * quote attributed to no office. */
static void test_quoted_official(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(
        extract(&f, RULES,
                "\"The group has been weakened. It has not been defeated,\" the Chairperson "
                "of the Commission said after the talks.\n\n"
                "\"Freedom of navigation is a vital interest of the Union,\" the High "
                "Representative said when the mandate was extended.\n\n"
                "The Minister told reporters: \u201cOur door remains open to every "
                "neighbour that wants to talk.\u201d\n\n"
                "\"Our partnership is a strategic choice for both of our countries,\" the "
                "President said at the talks in Vilnius on 11 July 2023.\n\n"
                "Parliament passed a law on \"transparency of foreign influence\" in the "
                "spring.\n\n"
                "\"The side that adapts fastest wins, not the side with the most money.\"\n\n"
                "\"We are proud of our role in the region and of what we built,\" a local "
                "mayor\u2019s neighbour said after the talks.\n\n"
                "\"This is our biggest export in a decade,\" Defence Secretary Alan Brook "
                "said.\n\n"
                "The presiding judge, Alena Novak, said: \"The level of secrecy does not "
                "decide the harm.\"\n\n"
                "\"People cannot wait for the talks to end,\" the Secretary-General writes.\n\n"
                "Allies \"stand in full solidarity with Estonia\", the Secretary General said "
                "afterwards.\n",
                NULL),
        BG_OK);
    const bg_point *p = point_with_text(&f, "\"The group has been weakened. It has not been "
                                            "defeated,\" the Chairperson of the Commission "
                                            "said.");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "general/quoted-official"));
    p = point_with_text(&f, "\"Freedom of navigation is a vital interest of the Union,\" the "
                            "High Representative said.");
    assert_non_null(p);
    assert_true(bg_str_eq_cstr(f.pts.categories[p->category], "maritime"));
    assert_true(has_rule(&f, p, "bonus/quoted-official"));
    assert_false(has_rule(&f, p, "general/quoted-official"));
    p = point_with_text(&f, "The Minister told reporters: \u201cOur door remains open to "
                            "every neighbour that wants to talk.\u201d");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "general/quoted-official"));
    /* the occasion holds a date: the sentence prints whole */
    p = point_with_text(&f, "\"Our partnership is a strategic choice for both of our "
                            "countries,\" the President said at the talks in Vilnius on 11 "
                            "July 2023.");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "bonus/quoted-official"));
    /* a word in quotation marks is no quote: the law is a point for its theme alone */
    p = point_with_text(&f, "Parliament passed a law on \"transparency of foreign influence\" "
                            "in the spring.");
    assert_non_null(p);
    assert_false(has_rule(&f, p, "general/quoted-official"));
    assert_false(has_rule(&f, p, "bonus/quoted-official"));
    /* a secretary of a department, a judge, a report's author in office ("writes") */
    p = point_with_text(&f, "\"This is our biggest export in a decade,\" Defence Secretary "
                            "Alan Brook said.");
    assert_non_null(p);
    assert_true(has_rule(&f, p, "general/quoted-official"));
    assert_non_null(point_with_text(&f, "The presiding judge, Alena Novak, said: \"The level "
                                        "of secrecy does not decide the harm.\""));
    assert_non_null(point_with_text(&f, "\"People cannot wait for the talks to end,\" the "
                                        "Secretary-General writes."));
    /* the comma after the closing quotation mark */
    assert_non_null(point_with_text(&f, "Allies \"stand in full solidarity with Estonia\", the "
                                        "Secretary General said afterwards."));
    assert_int_equal(f.pts.n, 9);
    done(&f);
}

/* A page's footer of links set as one paragraph that happens to end in a full stop (a
 * download link, a citation link, topic tags, a newsletter prompt, a cookie banner): no point
 * although it names a theme ("Arms control"). */
static void test_drop_page_footer(void **state)
{
    (void)state;
    assert_no_points("Download the full paper (PDF, 1.4 MB)\n"
                     "Cite this paper\n"
                     "Topics: Nuclear weapons \xC2\xB7 Arms control \xC2\xB7 Russia\n"
                     "Sign up for our weekly newsletter\n"
                     "This website uses cookies to analyse traffic. Accept | Reject\n");
    /* a reference list's entries, a wiki's edit stamp, an error-report link */
    assert_no_points("^ NATO cyber defence report 2014, p. 12. Retrieved 5 March 2024.\n\n"
                     "Accessed on 3 May 2025 from the NATO cyber defence archive.\n\n"
                     "This page was last edited on 9 November 2025 by the NATO summit team.\n\n"
                     "Report an error in the cyber defence data.\n\n"
                     "Leave us a review of our NATO summit podcast wherever you listen. "
                     "\xC2\xA9 2026 NATO Summit Institute.\n\n"
                     "The NATO cyber defence course catalogue 2026 (PDF, 3,4 MB).\n\n"
                     "Working papers on NATO cyber defence have not been peer reviewed.\n\n"
                     "The cover image of the NATO summit is Crown copyright 1991.\n\n"
                     "Our cyber defence newsletter: enter your e-mail to subscribe.\n");
    assert_points("Navy divers retrieved the cyber defence sensor on 5 March 2024. "
                  "Hackers accessed on 3 May 2025 the NATO cyber defence data.\n",
                  2);
}

/* drop/unpunctuated: a page's run of tags set as one paragraph is no point; the sentence
 * after it, and a byline, are. */
static void test_drop_unpunctuated_labels(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Maritime security\nCyber defence\nNaval cooperation in the Arctic\n"
                             "Alliance Studies Programme\n\n"
                             "The Allies agreed to expand cyber defence cooperation with partners "
                             "in 2023.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_true(f.pts.items[0].s->text.ptr[0] == 'T');
    done(&f);
    /* a chronology's rows (a year or a span, a dash, what happened) are no labels */
    assert_int_equal(extract(&f, RULES,
                             "Career timeline\n"
                             "1998\xE2\x80\x93"
                             "2002 \xE2\x80\x93 head of defence planning; leads the team "
                             "drafting the Membership Action Plan\n"
                             "From 2010 to 2013 \xE2\x80\x93 Chief of the General Staff\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 2);
    assert_non_null(point_with_text(&f, "From 2010 to 2013 \xE2\x80\x93 Chief of the General "
                                        "Staff"));
    done(&f);
}

/* drop/list-intro: a sentence that ends in a colon introduces a list it does not hold: no
 * point of its own (its items carry it, test_list_item_with_intro). */
static void test_drop_list_intro(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "NATO and Japan agreed an Individually Tailored Partnership "
                             "Programme in July 2023 that covers areas such as:\n\n"
                             "  \xE2\x80\xA2 Cyber defence exercises since 2019.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_true(f.pts.items[0].s->text.ptr[0] == 'C');
    done(&f);
}

static void test_facts_and_compression(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(
        extract(&f, RULES,
                "Currently, from 2010 to 2013 the country led a Provincial Reconstruction Team "
                "of some 470 personnel in the NATO-led mission (with civilian, police and "
                "military staff), which helped build the capacity of the provincial government "
                "in health, rural development and governance.\n",
                NULL),
        BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    assert_true(bg_str_eq_cstr(p->s->text,
                               "From 2010 to 2013 the country led a Provincial Reconstruction "
                               "Team of some 470 personnel in the NATO-led mission."));
    assert_int_equal(p->s->loc.line, 1);
    assert_int_equal(p->s->loc.col, 1);
    bool has_interval = false;
    bool has_count = false;
    for (size_t i = 0; i < p->n_facts; i++) {
        const bg_fact *fact = &p->facts[i];
        /* compose finds a fact's clause by address: it must lie inside the printed text */
        assert_true(fact->text.ptr >= p->s->text.ptr &&
                    fact->text.ptr + fact->text.len <= p->s->text.ptr + p->s->text.len);
        if (strcmp(fact->norm, "2010/2013") == 0) {
            has_interval = bg_str_eq_cstr(fact->text, "From 2010 to 2013");
        }
        if (strcmp(fact->norm, "470 personnel") == 0) {
            has_count = bg_str_eq_cstr(fact->text, "some 470 personnel");
        }
    }
    assert_true(has_interval);
    assert_true(has_count);
    /* the rules that fired are recorded with their weights */
    assert_true(p->n_fired > 0);
    for (size_t i = 0; i < p->n_fired; i++) {
        assert_true(p->fired[i] < f.pts.n_rules);
    }
    done(&f);
}

/* A fiscal year across two calendar years ("2023/24") is an interval. */
static void test_fiscal_interval(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "The Ministry of Defence alone paid GBP 1.1bn for military fuel in "
                             "2023/24.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    bool has_interval = false;
    for (size_t i = 0; i < p->n_facts; i++) {
        has_interval = has_interval || strcmp(p->facts[i].norm, "2023/2024") == 0;
    }
    assert_true(has_interval);
    done(&f);
}

/* Dates in figures: day first ("21/10/2025", "3. 6. 2025"), month first when the first
 * number cannot be a month ("10/21/2025"), ISO 8601; a day that is no date falls back to
 * the year ("31/02/2025"). */
static void test_numeric_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *norm;
    } dates[] = {
        {"NATO and Finland signed the agreement on 21/10/2025 in Helsinki.\n", "2025-10-21"},
        {"NATO and Finland signed the agreement on 10/21/2025 in Helsinki.\n", "2025-10-21"},
        {"NATO and Finland signed the agreement on 3. 6. 2025 in Helsinki.\n", "2025-06-03"},
        {"NATO and Finland signed the agreement on 2025-06-03 in Helsinki.\n", "2025-06-03"},
        {"NATO and Finland signed the agreement on 31/02/2025 in Helsinki.\n", "2025"},
    };
    for (size_t c = 0; c < sizeof(dates) / sizeof(dates[0]); c++) {
        fixture f;
        assert_int_equal(extract(&f, RULES, dates[c].text, NULL), BG_OK);
        assert_int_equal(f.pts.n, 1);
        const bg_point *p = &f.pts.items[0];
        bool has_date = false;
        for (size_t i = 0; i < p->n_facts; i++) {
            has_date = has_date || (p->facts[i].kind == BG_FACT_DATE &&
                                    strcmp(p->facts[i].norm, dates[c].norm) == 0);
        }
        if (!has_date) {
            fail_msg("'%s': no date %s", dates[c].text, dates[c].norm);
        }
        done(&f);
    }
}

/* A fiscal year ("FY2026") dates a sentence as a year does. */
static void test_fiscal_year(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Germany's FY2026 budget puts more money into personnel than into "
                             "new equipment.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    assert_int_equal(p->n_facts, 1);
    assert_string_equal(p->facts[0].norm, "2026");
    assert_true(bg_str_eq_cstr(p->facts[0].text, "FY2026"));
    done(&f);
}

/* A count of people the forces raise or lose is a fact as a count of troops is. */
static void test_count_of_conscripts(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "Sweden calls up about 8,000 conscripts a year under its military "
                             "service law.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    assert_int_equal(p->n_facts, 1);
    assert_string_equal(p->facts[0].norm, "8000 conscripts");
    assert_true(bg_str_eq_cstr(p->facts[0].text, "about 8,000 conscripts"));
    done(&f);
    assert_int_equal(extract(&f, RULES,
                             "Western estimates put the casualties of the North Korean troops at "
                             "some 4,000 killed and wounded.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_int_equal(f.pts.items[0].n_facts, 1);
    assert_string_equal(f.pts.items[0].facts[0].norm, "4000 killed");
    done(&f);
}

static void test_trim_keeps_facts(void **state)
{
    (void)state;
    fixture f;
    /* The object clause holds the date: nothing is cut. */
    const char *text = "Cooperation between the two sides is guided by an Individually Tailored "
                       "Partnership Programme, which NATO and the country agreed in July 2023 "
                       "after long talks.\n";
    assert_int_equal(extract(&f, RULES, text, NULL), BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_int_equal(f.pts.items[0].s->text.len, strlen(text) - 1);
    done(&f);
}

/* A participle tail that only elaborates is cut; one that carries evidence of its own
 * (trim_keep_evidence) stays. */
static void test_trim_participle_tail(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "In March 2021, the country established a Diplomatic Mission to "
                             "NATO in Brussels, further enhancing opportunities for contacts "
                             "with officials of the Alliance at every level.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_true(bg_str_eq_cstr(f.pts.items[0].s->text,
                               "In March 2021, the country established a Diplomatic Mission "
                               "to NATO in Brussels."));
    done(&f);
    const char *kept = "It evaluates the country's role as a key partner of the Alliance in "
                       "the region, emphasising its pursuit of a multilateral security "
                       "architecture with its neighbours.\n";
    assert_int_equal(extract(&f, RULES, kept, NULL), BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_int_equal(f.pts.items[0].s->text.len, strlen(kept) - 1);
    done(&f);
}

/* The short variant of the one point extracted from @text ("" when it has none). */
static const char *brief_of(fixture *f, const char *text)
{
    assert_int_equal(extract(f, RULES, text, NULL), BG_OK);
    assert_int_equal(f->pts.n, 1);
    const bg_sentence *b = f->pts.items[0].brief;
    return b ? bg_arena_strndup(&f->a, b->text.ptr, b->text.len) : "";
}

/* Shorten rules: each cuts a trailing clause it starts from the point's short variant, and
 * the point's own text stays whole; no cut where the tail holds a fact (a sum) or where the
 * clause is none of theirs. */
static void test_shorten_rules(void **state)
{
    (void)state;
    fixture f;
    static const char *const lead[] = {
        "The two sides signed a framework agreement on cyber defence cooperation at the "
        "ministerial meeting",
        "Partners take part in NATO exercises on maritime security",
        "The country joined the Partnership for Peace programme of the Alliance",
        "The country joined the Partnership for Peace programme of the Alliance",
    };
    static const char *const caught[] = {
        ", where officials reviewed the timetable of the talks.\n",
        " in order to raise the readiness of their naval forces for joint tasks.\n",
        ", although public support for closer ties remains modest among voters.\n",
        ", following a long debate in the national parliament and among the parties.\n",
    };
    static const char *const spared[] = {
        ", where officials agreed on a budget of USD 20 million.\n",
        " and raise the readiness of their naval forces for joint tasks.\n",
        " and public support for closer ties remains modest among voters.\n",
        ", with strong backing from voters across the regions.\n",
    };
    for (size_t i = 0; i < sizeof(lead) / sizeof(lead[0]); i++) {
        char text[512];
        (void)snprintf(text, sizeof(text), "%s%s", lead[i], caught[i]);
        char want[512];
        (void)snprintf(want, sizeof(want), "%s.", lead[i]);
        assert_string_equal(brief_of(&f, text), want);
        assert_int_equal(f.pts.items[0].s->text.len, strlen(text) - 1);
        done(&f);
        (void)snprintf(text, sizeof(text), "%s%s", lead[i], spared[i]);
        assert_string_equal(brief_of(&f, text), "");
        done(&f);
    }
}

/* ", together with other partners …," names no one and is left out; a list of named
 * partners stays. */
static void test_elide_company_aside(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "In June 2023, Japan, together with other partners in the region, "
                             "attended the NATO Summit in Vilnius.\n\n"
                             "Japan is one of NATO's partners in the Indo-Pacific, together "
                             "with Australia, New Zealand and the Republic of Korea.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 2);
    assert_true(bg_str_eq_cstr(f.pts.items[0].s->text,
                               "In June 2023, Japan attended the NATO Summit in Vilnius."));
    assert_non_null(strstr(f.pts.items[1].s->text.ptr, "together with Australia, New Zealand"));
    done(&f);
}

/* The filler elisions are general constructions: "a total of" only before a figure,
 * "the start of" only after since/from/at, a vague "in various areas", emoji; each leaves
 * the fact it leads to, and each leaves a sentence without the construction alone. */
static const char *first_point_text(fixture *f, const char *text)
{
    assert_int_equal(extract(f, RULES, text, NULL), BG_OK);
    assert_true(f->pts.n >= 1);
    static char buf[512];
    bg_str t = f->pts.items[0].s->text;
    assert_true(t.len < sizeof(buf));
    memcpy(buf, t.ptr, t.len);
    buf[t.len] = 0;
    done(f);
    return buf;
}

static void test_elide_fillers(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } elided[] = {
        {"Norway has contributed a total of EUR 40 million to the NATO trust fund for Ukraine "
         "since 2022.\n",
         "Norway has contributed EUR 40 million to the NATO trust fund for Ukraine since 2022."},
        {"Allies held a total of five cyber defence exercises with Finland and Sweden in 2023.\n",
         "Allies held a total of five cyber defence exercises with Finland and Sweden in 2023."},
        {"Since the start of the war in 2022, Finland has hosted NATO cyber defence exercises.\n",
         "Since the war in 2022, Finland has hosted NATO cyber defence exercises."},
        {"Allies cooperate with Japan in various areas, including cyber defence and maritime "
         "security.\n",
         "Allies cooperate with Japan, including cyber defence and maritime security."},
        /* a one-letter label (an interview's answer) and a transcript's speaker: topic labels */
        {"A: Hungary has spent 2% of GDP on defence since 2023.\n",
         "Hungary has spent 2% of GDP on defence since 2023."},
        {"SECRETARY GENERAL: Allies will send two more air defence batteries to Bulgaria in "
         "2026.\n",
         "Allies will send two more air defence batteries to Bulgaria in 2026."},
        /* a hedging adverb goes, but not after "a" or "an" ("a very expensive" would print
         * "a expensive") */
        {"NATO has repeatedly tested the field hospitals in 2024, a very expensive exercise.\n",
         "NATO has tested the field hospitals in 2024, a very expensive exercise."},
        /* emoji with a skin tone, a flag, a joined sequence: decoration; an arrow between
         * two figures is no emoji and stays */
        {"The \xF0\x9F\x87\xB7\xF0\x9F\x87\xB4 team signed the NATO cyber defence contract "
         "\xF0\x9F\x9A\x80 in June 2025 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD.\n",
         "The team signed the NATO cyber defence contract in June 2025."},
        {"Our \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB engineers ran the NATO cyber "
         "defence exercise in 2024 \xE2\x9D\xA4\xEF\xB8\x8F.\n",
         "Our engineers ran the NATO cyber defence exercise in 2024."},
        {"NATO cyber defence staff grew from 2,000 \xE2\x86\x92 3,000 experts in 2024.\n",
         "NATO cyber defence staff grew from 2,000 \xE2\x86\x92 3,000 experts in 2024."},
    };
    fixture f;
    for (size_t i = 0; i < sizeof(elided) / sizeof(elided[0]); i++) {
        assert_string_equal(first_point_text(&f, elided[i].in), elided[i].want);
    }
}

/* Scoring terms: the first sentence of a bullet gets lead_bonus, a sentence that opens
 * with a pronoun and a verb loses (anaphoric-start), and both are recorded for --explain. */
static void test_lead_and_anaphora(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "\xE2\x80\xA2 Since 2019, Mongolia has taken part in the annual "
                             "cyber defence exercise Locked Shields. It also works with the "
                             "Cooperative Cyber Defence Centre of Excellence on cyber defence "
                             "training.\n",
                             NULL),
                     BG_OK);
    assert_true(f.pts.n >= 1);
    const bg_point *lead = &f.pts.items[0];
    assert_true(lead->term_lead > 0.0);
    if (f.pts.n == 2) {
        const bg_point *next = &f.pts.items[1];
        assert_true(next->term_lead == 0.0);
        assert_true(next->score < lead->score);
    }
    done(&f);
    /* An anaphor with its noun ("These purchases are …") costs less than a bare one ("This
     * is …", bonus/anaphoric-start): it says what it refers to. */
    const char *text = "Estonia orders eight HIMARS launchers with other Allies.\n\n"
                       "These purchases are paid from the defence budget, which rises to EUR "
                       "600 million in 2026.\n";
    assert_int_equal(extract(&f, RULES, text, NULL), BG_OK);
    const bg_point *noun = point_with_text(&f, "These purchases are paid from the defence budget, "
                                               "which rises to EUR 600 million in 2026.");
    assert_non_null(noun);
    assert_true(has_rule(&f, noun, "bonus/anaphoric-noun-start"));
    assert_false(has_rule(&f, noun, "bonus/anaphoric-start"));
    done(&f);
}

/* Self-reference (issue 3): "This study examines …" or "We argue …" says what a text does,
 * not a fact about the world. Such a sentence is filed under `analysis` (so an audience
 * template can leave it out, as the minister note does) and bonus/self-reference takes
 * from its score; a sentence that mentions someone else's report is not caught. */
#define SELF_REF "bonus/self-reference"
#define FINDING "bonus/reported-finding"

/* The category of the single point made from @sentence; *weight: what @rule added (0: it did
 * not fire). */
static const char *rule_check(const char *sentence, const char *rule, double *weight)
{
    static char category[64];
    fixture f;
    assert_int_equal(extract(&f, RULES, sentence, NULL), BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    *weight = 0.0;
    for (size_t i = 0; i < p->n_fired; i++) {
        const bg_rule_info *r = &f.pts.rules[p->fired[i]];
        if (r->name && strcmp(r->name, rule) == 0) {
            *weight = p->fired_weight[i];
        }
    }
    bg_str c = f.pts.categories[p->category];
    assert_true(c.len < sizeof(category));
    memcpy(category, c.ptr, c.len);
    category[c.len] = 0;
    done(&f);
    return category;
}

/* bonus/no-named-actor: a sentence that names no one (no capital, figure or sign after its
 * first word) loses a point; an item that opens on its figure names what it counts. */
static void test_no_named_actor(void **state)
{
    (void)state;
    double w = 0.0;
    (void)rule_check("cooperation on cyber defence grew after the summit of the partners.",
                     "bonus/no-named-actor", &w);
    assert_true(w < 0.0);
    (void)rule_check("70 recovery vehicles with cranes for the engineer battalions.",
                     "bonus/no-named-actor", &w);
    assert_true(w == 0.0);
}

static void test_self_reference(void **state)
{
    (void)state;
    double w = 0.0;
    const char *cat = rule_check("This study examines how Japan and NATO expanded their "
                                 "cooperation on cyber defence after 2019.",
                                 SELF_REF, &w);
    assert_true(w < 0.0);
    assert_string_equal(cat, "analysis");
    cat = rule_check("We argue that Japan and NATO expanded their cooperation on cyber "
                     "defence after 2019.",
                     SELF_REF, &w);
    assert_true(w < 0.0);
    assert_string_equal(cat, "analysis");
    cat = rule_check("Japan and NATO expanded their cooperation on cyber defence and "
                     "maritime security after 2019.",
                     SELF_REF, &w);
    assert_true(w == 0.0);
    assert_string_equal(cat, "cyber");
    (void)rule_check("Allies welcomed a report by the Cooperative Cyber Defence Centre of "
                     "Excellence on cyber defence exercises in 2023.",
                     SELF_REF, &w);
    assert_true(w == 0.0);
    /* A reported finding ("finds that …") wins back part of the penalty; a topic does not. */
    (void)rule_check("The study finds that the shadow fleet of ageing tankers is the main risk to "
                     "undersea cables in the Baltic Sea.",
                     FINDING, &w);
    assert_true(w > 0.0);
    (void)rule_check("This study examines how Japan and NATO expanded their cooperation on cyber "
                     "defence after 2019.",
                     FINDING, &w);
    assert_true(w == 0.0);
    /* A finding told in the past tense is one as well. */
    (void)rule_check("Our analysis found that joint ventures of European and Japanese firms are "
                     "concentrated in land systems.",
                     FINDING, &w);
    assert_true(w > 0.0);
    /* So is a finding announced as a list ("finds three weaknesses:"). */
    (void)rule_check("Our analysis finds three weaknesses: reserves in most Allied countries are "
                     "registered but not trained.",
                     FINDING, &w);
    assert_true(w > 0.0);
    /* A proposal is a claim of its own, as a recommendation is. */
    (void)rule_check("The authors propose that the Allies extend the rail corridors to the "
                     "eastern flank by 2027.",
                     FINDING, &w);
    assert_true(w > 0.0);
}

/* A cleft ("It is in Kuwait City that …", "It is manpower, not equipment, that …") opens on
 * no anaphor: anaphoric-start does not fire; "It is a key partner that …" does refer back. */
static void test_cleft_is_no_anaphor(void **state)
{
    (void)state;
    double w = 0.0;
    (void)rule_check("It is in Kuwait City that NATO opened its first regional centre in the "
                     "Gulf in January 2017.",
                     "bonus/anaphoric-start", &w);
    assert_true(w == 0.0);
    (void)rule_check("It is manpower, not equipment, that NATO planners in eight countries see "
                     "as the scarcest resource of a long war in 2025.",
                     "bonus/anaphoric-start", &w);
    assert_true(w == 0.0);
    (void)rule_check("It was with NATO advice on counter-drone defence, and on chemical and "
                     "nuclear protection, that Qatar secured the games in 2022.",
                     "bonus/anaphoric-start", &w);
    assert_true(w == 0.0);
    (void)rule_check("It is a key partner that NATO trusts with cyber defence exercises since "
                     "2019.",
                     "bonus/anaphoric-start", &w);
    assert_true(w < 0.0);
    /* A cleft set against what it denies is the author's claim (analysis/contrast), as is a
     * pseudo-cleft; a cleft without "not" is none. */
    assert_string_equal(rule_check("It is trust, not money, that decides who stays in the "
                                   "service.",
                                   "analysis/contrast", &w),
                        "analysis");
    assert_true(w > 0.0);
    assert_string_equal(
        rule_check("What the Atlantic lacks is planning, not technology.", "analysis/contrast", &w),
        "analysis");
    (void)rule_check("It is in Kuwait City that NATO opened its first regional centre in the "
                     "Gulf in January 2017.",
                     "analysis/contrast", &w);
    assert_true(w == 0.0);
}

/* scoring: fallback_category (the shipped rules: general): a sentence no theme claims but
 * that dates something is a point of that category; a themed sentence keeps its theme and
 * the fallback rule is as if it had not fired (no breadth, not in --explain). */
static void test_fallback_category(void **state)
{
    (void)state;
    double w = 0.0;
    const char *cat = rule_check("The ministry moved its staff to a new building in Brasilia in "
                                 "2019.",
                                 "general/dated-or-quantified", &w);
    assert_string_equal(cat, "general");
    assert_true(w > 0.0);
    /* a share followed by a space ("38% of"): the % is no word's end */
    cat = rule_check("Only 38% of the plans had a dedicated budget.", "general/dated-or-quantified",
                     &w);
    assert_string_equal(cat, "general");
    /* a span of time, a count out of a total */
    cat = rule_check("Moving the equipment took 19 days instead of ten.",
                     "general/dated-or-quantified", &w);
    assert_string_equal(cat, "general");
    cat = rule_check("In the end 187 of 212 part types passed the tests.",
                     "general/dated-or-quantified", &w);
    assert_string_equal(cat, "general");
    cat = rule_check("One fighter passed within 30 metres of the helicopter.",
                     "general/dated-or-quantified", &w);
    assert_string_equal(cat, "general");
    /* a figure with a thousands separator is a quantity ("1,432 shelters") */
    cat = rule_check("The inventory checked 1,432 shelters in the region.",
                     "general/dated-or-quantified", &w);
    assert_string_equal(cat, "general");
    fixture f;
    assert_int_equal(extract(&f, RULES, "The visitors left after a few days.\n", NULL), BG_OK);
    assert_int_equal(f.pts.n, 0);
    done(&f);
    /* With one captured fact it is a point even where it does not open its paragraph. */
    assert_int_equal(extract(&f, RULES,
                             "The office opened in the capital. Between 2016 and 2019 the "
                             "mission ran a review of the city's water supply.\n",
                             NULL),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_true(bg_str_eq_cstr(f.pts.categories[f.pts.items[0].category], "general"));
    assert_true(f.pts.items[0].term_lead == 0.0);
    done(&f);
    assert_int_equal(
        extract(&f, RULES, "Chilean experts joined a cyber defence exercise in 2019.\n", NULL),
        BG_OK);
    assert_int_equal(f.pts.n, 1);
    const bg_point *p = &f.pts.items[0];
    bg_str c = f.pts.categories[p->category];
    assert_true(bg_str_eq_cstr(c, "cyber"));
    assert_true(p->term_breadth == 0.0);
    for (size_t i = 0; i < p->n_fired; i++) {
        const bg_rule_info *r = &f.pts.rules[p->fired[i]];
        assert_false(r->name && strcmp(r->name, "general/dated-or-quantified") == 0);
    }
    done(&f);
}

static void test_dedup_across_sources(void **state)
{
    (void)state;
    fixture f;
    assert_int_equal(extract(&f, RULES,
                             "NATO and Japan signed a new cyber defence agreement at the Vilnius "
                             "Summit in July 2023.\n",
                             "Other news first.\n\n"
                             "NATO and Japan signed a new cyber defence agreement at the "
                             "Vilnius Summit in July 2023!\n"),
                     BG_OK);
    assert_int_equal(f.pts.n, 1);
    assert_int_equal(f.pts.items[0].s->source, 0);
    assert_int_equal(f.pts.items[0].n_also, 1);
    assert_int_equal(f.pts.items[0].also[0]->source, 1);
    assert_int_equal(f.pts.items[0].also[0]->loc.line, 3);
    done(&f);
}

/* The eight-bytes-at-a-time count agrees with counting byte by byte, at every length and
 * alignment, with spaces, tabs, newlines and other bytes (0x80, 0xA0, 0x20 + 0x80 too). */
static void test_count_words(void **state)
{
    (void)state;
    assert_int_equal(bg_extract_count_words(BG_STR_LIT("")), 0);
    assert_int_equal(bg_extract_count_words(BG_STR_LIT("  one\ttwo\n three  ")), 3);
    assert_int_equal(bg_extract_count_words(BG_STR_LIT("Ministers met in Brussels on Tuesday.")),
                     6);
    static const char alphabet[] = {' ', '\t', '\n', 'a', '.', (char)0x80, (char)0xA0, '\r'};
    char text[64];
    unsigned seed = 7;
    for (size_t round = 0; round < 2000; round++) {
        size_t len = round % sizeof(text);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % sizeof(alphabet)];
        }
        size_t expect = 0;
        bool in_word = false;
        for (size_t i = 0; i < len; i++) {
            bool sp = text[i] == ' ' || text[i] == '\t' || text[i] == '\n';
            expect += !sp && !in_word;
            in_word = !sp;
        }
        size_t from = round % 3 < len ? round % 3 : 0;
        size_t got = bg_extract_count_words((bg_str){text + from, len - from});
        size_t expect_from = 0;
        in_word = false;
        for (size_t i = from; i < len; i++) {
            bool sp = text[i] == ' ' || text[i] == '\t' || text[i] == '\n';
            expect_from += !sp && !in_word;
            in_word = !sp;
        }
        assert_int_equal(bg_extract_count_words((bg_str){text, len}), expect);
        assert_int_equal(got, expect_from);
    }
}

static void test_limit_error(void **state)
{
    (void)state;
    char dir[64];
    assert_true(tmpdir_make(dir, sizeof(dir), "extract"));
    assert_true(tmpdir_write_text(dir, "r.yaml",
                                  "categories:\n  risk:\n    - {name: slow, pattern: '(a+)+$'}\n"));
    char path[96];
    snprintf(path, sizeof(path), "%s/r.yaml", dir);
    fixture f;
    const char *text = "Heading\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab is a sentence.\n";
    assert_int_equal(extract(&f, path, text, NULL), BG_EINPUT);
    fflush(f.msgs);
    rewind(f.msgs);
    char msg[512];
    size_t n = fread(msg, 1, sizeof(msg) - 1, f.msgs);
    msg[n] = 0;
    char want[512];
    snprintf(want, sizeof(want),
             "content/a.txt:3:1: error: rule 'risk/slow' (%s:3:29) hit the pcre2 match limit\n",
             path);
    assert_string_equal(msg, want);
    done(&f);
    assert_true(tmpdir_remove(dir));
}

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

int main(void)
{
    const struct CMUnitTest rest[] = {
        cmocka_unit_test(test_drop_noise_and_headings),
        cmocka_unit_test(test_drop_link_lists),
        cmocka_unit_test(test_drop_author_bio),
        cmocka_unit_test(test_drop_unpunctuated_labels),
        cmocka_unit_test(test_figure_rows),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_bar_table_rows),
        cmocka_unit_test(test_first_time_and_footnote),
        cmocka_unit_test(test_drop_list_intro),
        cmocka_unit_test(test_list_item_with_intro),
        cmocka_unit_test(test_list_item_scored_with_intro),
        cmocka_unit_test(test_list_theme),
        cmocka_unit_test(test_numbered_item_ends),
        cmocka_unit_test(test_list_intro_with_referent),
        cmocka_unit_test(test_list_item_lead_compressed),
        cmocka_unit_test(test_anaphor_after_referent),
        cmocka_unit_test(test_anaphor_resolved_not_demoted),
        cmocka_unit_test(test_anaphor_chain),
        cmocka_unit_test(test_cleft_is_no_anaphor),
        cmocka_unit_test(test_anaphor_merged_with_point),
        cmocka_unit_test(test_quoted_official),
        cmocka_unit_test(test_drop_page_footer),
        cmocka_unit_test(test_facts_and_compression),
        cmocka_unit_test(test_count_of_conscripts),
        cmocka_unit_test(test_fiscal_year),
        cmocka_unit_test(test_fiscal_interval),
        cmocka_unit_test(test_numeric_dates),
        cmocka_unit_test(test_trim_keeps_facts),
        cmocka_unit_test(test_trim_participle_tail),
        cmocka_unit_test(test_shorten_rules),
        cmocka_unit_test(test_elide_company_aside),
        cmocka_unit_test(test_elide_fillers),
        cmocka_unit_test(test_lead_and_anaphora),
        cmocka_unit_test(test_no_named_actor),
        cmocka_unit_test(test_self_reference),
        cmocka_unit_test(test_fallback_category),
        cmocka_unit_test(test_dedup_across_sources),
        cmocka_unit_test(test_limit_error),
        cmocka_unit_test(test_count_words),
    };
    /* Sized from both lists: a case or a test added later cannot overflow them. */
    struct CMUnitTest tests[N_CASES + sizeof(rest) / sizeof(rest[0])];
    static char names[N_CASES][64];
    size_t n = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        snprintf(names[i], sizeof(names[i]), "category_%s%s%s", cases[i].category,
                 cases[i].rule ? "_" : "", cases[i].rule ? cases[i].rule : "");
        tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_category, &cases[i]);
        tests[n].name = names[i];
        n++;
    }
    for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++) {
        tests[n++] = rest[i];
    }
    return _cmocka_run_group_tests("extract", tests, n, NULL, NULL);
}
