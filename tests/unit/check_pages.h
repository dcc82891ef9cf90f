/* Pages shared by the unit suites: long English prose that any sane
 * cleaner keeps, to put a line under test in an article. */
#ifndef CHECK_PAGES_H
#define CHECK_PAGES_H

#define PROSE_1                                                                      \
    "The committee met on Tuesday to discuss the future of public transport in "     \
    "the city, and after a long debate its members agreed that the old tram lines " \
    "should be restored before the new housing estates on the eastern side of the " \
    "river are finished next year."
#define PROSE_2                                                                      \
    "Many residents who spoke at the meeting said that they would use the trams "   \
    "every day if the service ran often enough, because the buses are slow and "    \
    "crowded during the morning rush and the roads into the centre are blocked by " \
    "traffic for most of the day."
#define PROSE_3                                                                      \
    "The council will now ask engineers to estimate the cost of the work, and a "   \
    "final decision is expected in the spring, when the budget for the next five "  \
    "years has to be approved by a majority of the members who were elected in "    \
    "the last local elections."
#define PROSE_4                                                                      \
    "Some of the shop owners along the old route were worried that the building "   \
    "work would keep their customers away for months, but the mayor promised that " \
    "the streets would stay open and that the works would be done in short stages."

#endif
