"""Builds questions.jsonl from the literal items below. Run: python3 build_questions.py"""
import json

DOCS = {"n": "news.html", "h": "howto.md", "r": "report.txt"}
items = []


def Q(id, cat, question, gold, kf, ev, ans=True):
    items.append({
        "id": id, "document": DOCS[id[0]], "category": cat, "question": question,
        "answerable": ans, "gold_answer": gold if ans or cat == "metadata" else "",
        "key_facts": kf, "evidence": ev,
    })


def U(id, cat, question, note=""):
    items.append({"id": id, "document": DOCS[id[0]], "category": cat, "question": question,
                  "answerable": False, "gold_answer": note, "key_facts": [], "evidence": []})


# ---------------------------------------------------------------- news.html
Q("n01", "fact", "what did they find in the walls that blew the library budget?",
  "Asbestos insulation behind the walls of the second-floor reading room, which had to be removed by a licensed contractor.",
  [["asbestos"]],
  ["Library director Denise Okafor said the overrun was largely caused by the discovery of asbestos insulation behind the walls of the second-floor reading room, which had to be removed by a licensed contractor before work could continue."])
Q("n02", "fact", "What kind of heating system does the library use now?",
  "A geothermal heating and cooling system.",
  [["geothermal"]],
  ["The renovation added an elevator, a ramped entrance on the east side, a geothermal heating and cooling system, and a glass-walled addition of 4,200 square feet."])
Q("n03", "fact", "Are they going to start charging late fees again at the library?",
  "No. Overdue fines, which the library dropped in 2020, will not be brought back.",
  [["will not be brought back"]],
  ["The same issue confirmed that overdue fines, which the library eliminated in 2020, will not be brought back."])
Q("n04", "fact", "What deal did the library make with the painter's family about the mural?",
  "The estate gets 30 percent of tote bag sales, and a large photograph of the mural hangs beside the new children's area.",
  [["30 percent"], ["tote bag"]],
  ["The two sides reached an agreement in February: the estate will receive 30 percent of tote bag sales, and a large photograph of the mural now hangs beside the new children's area."])
Q("n05", "fact", "What did the library's newsletter say about story time?",
  "The Tuesday story hour, led for 31 years by retired teacher Ruth Castellano, will return in its original 10:30 a.m. slot.",
  [["story hour"], ["10:30 a.m."]],
  ["The library's monthly newsletter announced in February that the Tuesday story hour, led for 31 years by retired teacher Ruth Castellano, will return in its original 10:30 a.m. time slot."])
Q("n06", "number", "How much did the library renovation end up costing?",
  "$6.8 million, about $900,000 more than the original estimate.",
  [["$6.8 million", "6.8 million"]],
  ["The renovation of the 1911 Carnegie building cost $6.8 million, about $900,000 more than the original estimate approved by the town council in 2023."])
Q("n07", "number", "how many pieces of glass are in that skylight",
  "312 panes.",
  [["312"]],
  ['"Every one of the 312 panes was taken out, numbered, cleaned and put back by hand," he said.'])
Q("n08", "number", "By how much did borrowing drop while the library was in its temporary location?",
  "Circulation fell by roughly 40 percent.",
  [["40 percent"]],
  ["Circulation fell by roughly 40 percent during that period, according to figures the library released last month."])
Q("n09", "number", "How many people signed up for a library card on the first day back?",
  "146 new cards were issued on opening day, versus a typical monthly average of about 60.",
  [["146"]],
  ["Okafor said the library issued 146 new library cards on opening day alone, compared with a typical monthly average of about 60."])
Q("n10", "number", "How big is the new glass extension?",
  "4,200 square feet.",
  [["4,200 square feet"]],
  ["The renovation added an elevator, a ramped entrance on the east side, a geothermal heating and cooling system, and a glass-walled addition of 4,200 square feet."])
Q("n11", "who", "Who was the architect on the project?",
  "Samuel Reyes of Northgate Design.",
  [["Samuel Reyes"]],
  ["Architect Samuel Reyes of Northgate Design said the skylight was the most delicate part of the job."])
Q("n12", "when", "When did the library open again?",
  "On Saturday, Feb. 28, with a 10 a.m. ribbon cutting.",
  [["Feb. 28"]],
  ["MILLBROOK — After 26 months behind construction fencing, the Millbrook Public Library reopened its doors on Saturday, Feb. 28, drawing a line of residents that stretched past the post office on Harbor Street well before the 10 a.m. ribbon cutting."])
Q("n13", "where", "Where was the library running out of while the work was going on?",
  "In a temporary branch in the former Millbrook Savings Bank building on Orchard Avenue.",
  [["Millbrook Savings Bank"], ["Orchard Avenue"]],
  ["During construction, the library operated out of a temporary branch in the former Millbrook Savings Bank building on Orchard Avenue, where it offered a reduced collection of about 9,000 items."])
Q("n14", "who", "Who was the first person in the queue when it reopened?",
  "Eleanor Brooks, 82, who arrived at 7:45 a.m.",
  [["Eleanor Brooks"]],
  ['"I learned to read in this building," said Eleanor Brooks, 82, who arrived at 7:45 a.m. to be first in line.'])
Q("n15", "list", "Who paid for the library project?",
  "Three sources: the town ($3.1 million from a 2022 bond measure), the state Department of Cultural Affairs ($2 million grant) and the Friends of the Millbrook Library ($1.7 million in private donations).",
  [["town"], ["Department of Cultural Affairs"], ["Friends of the Millbrook Library"]],
  ["The town contributed $3.1 million from a bond measure passed by voters in November 2022, the state Department of Cultural Affairs provided a $2 million preservation grant, and the Friends of the Millbrook Library raised the remaining $1.7 million through private donations."])
Q("n16", "list", "What new things were added to the building in the renovation?",
  "An elevator, a ramped east entrance, a geothermal heating and cooling system, and a 4,200-square-foot glass-walled addition with a teen room, two study rooms and a small recording studio.",
  [["elevator"], ["ramped entrance"], ["geothermal"], ["glass-walled addition"]],
  ["The renovation added an elevator, a ramped entrance on the east side, a geothermal heating and cooling system, and a glass-walled addition of 4,200 square feet.",
   "The addition houses a teen room, two study rooms and a small recording studio where patrons can produce podcasts."])
Q("n17", "list", "What was wrong with the old library building?",
  "The boiler often broke down in winter, the roof leaked over the children's section, the only entrance was up 14 granite steps (no wheelchair access), and the electrical wiring was not up to code.",
  [["boiler"], ["roof leaked"], ["14 granite steps"], ["electrical wiring"]],
  ["Its boiler frequently broke down in winter, the roof leaked over the children's section, and the only entrance was up a flight of 14 granite steps, which made the library impossible to reach for wheelchair users.",
   "A 2021 assessment by the engineering firm Brandt & Cole also found that the building's electrical wiring did not meet current code."])
Q("n18", "why", "Why did the artist's estate object to the tote bags?",
  "Because, they said, the library had never owned the copyright to June Whitaker's mural.",
  [["copyright"]],
  ["When the library announced plans to print the mural's image on tote bags for its gift shop, Whitaker's estate objected, saying the library had never owned the copyright to the artwork."])
Q("n19", "why", "Why was one councillor against handing the bank building to the historical society?",
  "Tom Bradley argued it should have been sold to help cover the library's $900,000 cost overrun.",
  [["sold"], ["cost overrun"]],
  ["Council member Tom Bradley, who voted against the lease, argued that the building should have been sold to help cover the library's cost overrun."])
Q("n20", "why", "Why couldn't wheelchair users get into the old library?",
  "The only entrance was up a flight of 14 granite steps.",
  [["14 granite steps"]],
  ["Its boiler frequently broke down in winter, the roof leaked over the children's section, and the only entrance was up a flight of 14 granite steps, which made the library impossible to reach for wheelchair users."])
Q("n21", "how", "How did they restore the stained glass skylight?",
  "Every one of the 312 panes was removed, numbered, cleaned and put back by hand; a team of three took almost four months.",
  [["numbered"], ["by hand"]],
  ['"Every one of the 312 panes was taken out, numbered, cleaned and put back by hand," he said.',
   '"It took a team of three people almost four months."'])
Q("n22", "summary", "What is this article about?",
  "The Millbrook Public Library, a 1911 Carnegie building, reopened on Feb. 28 after a 26-month, $6.8 million renovation that ran about $900,000 over budget because of asbestos.",
  [],
  ["MILLBROOK — After 26 months behind construction fencing, the Millbrook Public Library reopened its doors on Saturday, Feb. 28, drawing a line of residents that stretched past the post office on Harbor Street well before the 10 a.m. ribbon cutting.",
   "The renovation of the 1911 Carnegie building cost $6.8 million, about $900,000 more than the original estimate approved by the town council in 2023."])
Q("n23", "summary", "Summarize this in detail",
  "Millbrook's 1911 Carnegie library reopened Feb. 28 after 26 months and $6.8 million of work (about $900,000 over budget, mostly due to asbestos). It was paid for by the town, a state grant and the Friends of the Library. It gained an elevator, ramped entrance, geothermal system and a glass addition, and its skylight and oak shelving were restored. The temporary branch in the old bank building will be leased to the Historical Society for a museum; a mural copyright dispute was settled; story hour returns, fines stay abolished, and Sunday hours are added.",
  [],
  ["MILLBROOK — After 26 months behind construction fencing, the Millbrook Public Library reopened its doors on Saturday, Feb. 28, drawing a line of residents that stretched past the post office on Harbor Street well before the 10 a.m. ribbon cutting.",
   "The renovation of the 1911 Carnegie building cost $6.8 million, about $900,000 more than the original estimate approved by the town council in 2023.",
   "The project was paid for from three sources."])
Q("n24", "metadata", "Who wrote this article?",
  "Maria Lindqvist.",
  [["Maria Lindqvist"]],
  ["By Maria Lindqvist, March 4, 2026"])
Q("n25", "metadata", "When was this published?",
  "March 4, 2026.",
  [["March 4, 2026"]],
  ["By Maria Lindqvist, March 4, 2026"])
Q("n26", "metadata", "What's the headline of this story?",
  "Millbrook's Carnegie library reopens after $6.8 million renovation",
  [["Millbrook's Carnegie library reopens"]],
  ["Millbrook's Carnegie library reopens after $6.8 million renovation"])
Q("n27", "metadata", "Which newspaper ran this?",
  "The Lakeshore Ledger.",
  [["Lakeshore Ledger"]],
  ["Maria Lindqvist covers Millbrook town government and education for The Lakeshore Ledger."])
U("n28", "unanswerable-near-miss", "How much will tickets to the new history museum cost?")
U("n29", "unanswerable-near-miss", "How many books does the renovated library hold now?")
U("n30", "off-topic", "What is the capital of Australia?")

# ---------------------------------------------------------------- howto.md
Q("h01", "why", "why shouldn't i use a pressure washer on my bike",
  "The strong jet forces water past the seals of the hubs, headset and bottom bracket (which are only made to keep out splashes), and water trapped in the bearings causes rust during storage.",
  [["seals"], ["rust"]],
  ["The strong jet forces water past the seals of the hubs, headset and bottom bracket, because those seals are designed to keep out splashes, not a high-pressure stream.",
   "Water trapped in the bearings will cause rust while the bike sits."])
Q("h02", "fact", "Which gear should the bike be left in over the winter?",
  "The smallest cog at the back and the smallest chainring at the front.",
  [["smallest cog"], ["smallest chainring"]],
  ["Shift into the smallest cog at the back and the smallest chainring at the front."])
Q("h03", "fact", "If my bike has to stay outdoors, is a plastic tarp OK to cover it?",
  "No. Use a breathable cover; a tarp traps moisture against the bike and can do more harm than no cover.",
  [["breathable cover"]],
  ["If you must store it outside, use a breathable cover rather than a plastic tarp.",
   "A tarp traps moisture against the bike and can do more harm than leaving it uncovered."])
Q("h04", "fact", "What type of chain oil is best if the bike is going to sit for months?",
  "Wet lube, because it stays on the chain longer and protects better against moisture.",
  [["wet lube", "\"wet\" lube"]],
  ["Wet lube is better than dry lube for storage because it stays on the chain longer and gives better protection against moisture over several months."])
Q("h05", "fact", "What tyres are recommended if my commute gets icy?",
  "Studded tires, if the route regularly freezes over.",
  [["Studded tires"]],
  ["Studded tires are worth the cost if your route regularly freezes over, since they give far better grip on ice than ordinary tires."])
Q("h06", "number", "What psi should mountain bike tyres be pumped to before storage?",
  "About 30 to 40 psi (the upper end of the range on the sidewall).",
  [["30 to 40 psi"]],
  ["Pump the tires to the upper end of the pressure range printed on the sidewall, usually around 80 to 100 psi for road tires and 30 to 40 psi for mountain bike tires."])
Q("h07", "number", "How full should the e-bike battery be when I put it away?",
  "Between 40 and 60 percent.",
  [["40 and 60 percent"]],
  ["Charge it to between 40 and 60 percent before storage."])
Q("h08", "number", "How long do I let the bike dry after washing it?",
  "At least two hours in a warm room (after drying it with a rag).",
  [["two hours"]],
  ["After washing, dry the bike with a rag and then let it air-dry for at least two hours in a warm room before moving on."])
Q("h09", "number", "What does a spring service at a bike shop usually cost?",
  "Between 45 and 70 euros for a basic spring tune-up.",
  [["45 and 70 euros"]],
  ["A basic spring tune-up at most shops costs between 45 and 70 euros and is much cheaper than replacing a worn drivetrain later."])
Q("h10", "number", "how much degreaser will I need",
  "About 100 ml is enough for one bike.",
  [["100 ml"]],
  ["Chain degreaser (about 100 ml is enough for one bike)"])
Q("h11", "where", "Where's the best place to keep a bike over the winter?",
  "Somewhere dry, cool and out of direct sunlight, such as a spare room, hallway or insulated garage.",
  [["dry, cool"], ["direct sunlight"]],
  ["The ideal place is dry, cool and out of direct sunlight.",
   "A spare room, a hallway or an insulated garage all work well."])
Q("h12", "where", "Where should I keep the e-bike battery while the bike is stored?",
  "Removed from the bike and kept indoors at room temperature, ideally 10 to 20 °C.",
  [["indoors"], ["room temperature"]],
  ["If you have an electric bike, remove the battery and store it indoors at room temperature, ideally between 10 and 20 °C."])
Q("h13", "when", "When can I drop by the co-op's workshop with questions?",
  "On Thursday evenings from 6 to 9 pm.",
  [["Thursday evenings"]],
  ["Drop in to the co-op's open workshop on Thursday evenings from 6 to 9 pm."])
Q("h14", "when", "How often should I check the tyre pressure while it's in storage?",
  "Once a month, topping up if needed.",
  [["once a month"]],
  ["Check the pressure again once a month and top it up if needed."])
Q("h15", "list", "What supplies do I need to get my bike ready for winter storage?",
  "A bucket of warm soapy water, a soft brush and an old toothbrush, two clean rags, chain degreaser, chain lubricant, a floor pump with a gauge, frame wax or silicone spray, and a repair stand or sturdy hook.",
  [["bucket of warm water", "dish soap"], ["soft brush"], ["toothbrush"], ["rags", "microfiber cloths"], ["degreaser"], ["lubricant"], ["floor pump"], ["frame wax", "silicone spray"], ["repair stand", "sturdy hook"]],
  ["A bucket of warm water with a few drops of dish soap", "A soft brush and an old toothbrush", "Two clean rags or microfiber cloths",
   "Chain degreaser (about 100 ml is enough for one bike)", "Chain lubricant, preferably a \"wet\" lube for storage",
   "A floor pump with a pressure gauge", "Frame wax or a light silicone spray", "A repair stand, or a sturdy hook to hang the bike from"])
Q("h16", "list", "What should I check before the first ride in spring?",
  "Pump the tires to riding pressure, wipe and re-lube the chain, squeeze the brake levers to test the brakes, shift through all the gears, and take a short slow ride around the block.",
  [["Pump the tires"], ["Wipe the chain", "coat of lube"], ["brake levers"], ["Shift through all the gears"], ["short, slow ride"]],
  ["Pump the tires back to your normal riding pressure.", "Wipe the chain and add a fresh, light coat of lube.",
   "Squeeze both brake levers firmly to make sure the brakes bite properly.", "Shift through all the gears to check that the shifting is crisp.",
   "Take a short, slow ride around the block before heading out on a longer trip."])
Q("h17", "list", "What should I take off the bike before storing it?",
  "Lights, bike computers and saddle bags (keep them indoors and take the batteries out of the lights); on an e-bike, also the battery.",
  [["lights"], ["bike computers"], ["saddle bags"]],
  ["Remove any lights, bike computers and saddle bags and keep them indoors."])
Q("h18", "why", "Why not store the e-bike battery fully charged?",
  "Both a full and an empty charge speed up the chemical ageing of the cells and permanently reduce the battery's capacity.",
  [["chemical ageing"], ["capacity"]],
  ["Do not store a lithium battery fully charged or completely empty, because both extremes speed up the chemical ageing of the cells and permanently reduce the battery's capacity."])
Q("h19", "why", "What's wrong with keeping the bike in the basement?",
  "A damp basement (or unheated metal shed) gets condensation every time the temperature changes, which drips onto the components.",
  [["condensation"]],
  ["Avoid a damp basement or an unheated metal shed if you can, because condensation forms every time the temperature changes and drips onto the components."])
Q("h20", "how", "How do I clean the chain properly?",
  "Apply degreaser while turning the pedals backwards, scrub with the toothbrush, wipe clean, and repeat (often three or four rounds) until a rag comes away almost clean.",
  [["degreaser"], ["pedals backwards"], ["toothbrush"]],
  ["Apply degreaser to the chain while turning the pedals backwards, scrub it with the toothbrush, and then wipe it clean.",
   "Repeat until a rag pulled along the chain comes away almost clean; for a very dirty chain this can take three or four rounds."])
Q("h21", "how", "how do i put the frame wax on",
  "Spray a thin layer onto a cloth (not directly onto the bike) and wipe it over the frame and fork, keeping it well away from brake rotors and rim braking surfaces.",
  [["onto a cloth"], ["frame and fork"]],
  ["Spray a thin layer of frame wax or silicone onto a cloth, not directly onto the bike, and wipe it over the frame and fork."])
Q("h22", "summary", "What is this guide about?",
  "How to prepare a bicycle for winter storage: cleaning, lubing the chain, inflating tires, protecting the frame, caring for e-bike batteries, choosing a storage spot, and getting the bike ready again in spring.",
  [],
  ["If you are going to put your bike away until spring, an hour or two of work now will save you a lot of money and frustration later.",
   "This guide walks you through the whole process, from cleaning to choosing a storage spot."])
Q("h23", "summary", "Give me a short summary of the steps",
  "Wash and dry the bike (no pressure washer), degrease and lube the chain with wet lube, pump tires to the top of their range, wax the frame away from the brakes, shift to the smallest cogs, store e-bike batteries indoors at 40-60% charge, and keep the bike somewhere dry and cool, hung up off its tires.",
  [],
  ["This guide walks you through the whole process, from cleaning to choosing a storage spot."])
Q("h24", "metadata", "Who wrote this guide?",
  "Tomasz Wieczorek, head mechanic at Northside Cycle Co-op.",
  [["Tomasz Wieczorek"]],
  ["Written by Tomasz Wieczorek, head mechanic at Northside Cycle Co-op — Updated 12 January 2026"])
Q("h25", "metadata", "When was this written or last updated?",
  "It was last updated on 12 January 2026.",
  [["12 January 2026"]],
  ["Written by Tomasz Wieczorek, head mechanic at Northside Cycle Co-op — Updated 12 January 2026"])
Q("h26", "metadata", "What's the title of this document?",
  "How to Winterize Your Bicycle for Storage",
  [["How to Winterize Your Bicycle"]],
  ["How to Winterize Your Bicycle for Storage"])
U("h27", "unanswerable-near-miss", "Which brand of chain lube does the author recommend?")
U("h28", "unanswerable-near-miss", "How much do studded tires cost?")
U("h29", "unanswerable-near-miss", "How long does it take to charge an e-bike battery back to half?")
U("h30", "off-topic", "Who painted the Mona Lisa?")

# ---------------------------------------------------------------- report.txt
Q("r01", "fact", "What does non-revenue water mean?",
  "The share of treated water that is lost before it reaches customers.",
  [["lost before it reaches customers"]],
  ["The programme set out to cut the share of treated water that is lost before it reaches customers, known as non-revenue water, from 38 percent to 25 percent."])
Q("r02", "fact", "Did the water board hit its leakage target?",
  "No. Non-revenue water fell from 38% to 29%, short of the 25% target, and the programme also went over budget.",
  [["29 percent"], ["missed its target"]],
  ["By the end of 2024 the figure had fallen to 29 percent.",
   "This is a real improvement, equal to roughly 9.5 million litres of water saved every day, but the programme missed its target and went over budget."])
Q("r03", "fact", "Whose job is it to fix the pipe between the property line and the house?",
  "The property owner's; those private supply pipes are the owner's responsibility.",
  [["property owner"]],
  ["These pipes are the responsibility of the property owner, and many owners do not know they have a leak until their bill arrives."])
Q("r04", "fact", "What did the regulator do after the 2022 drought problems?",
  "The National Water Regulator put the Board on a performance improvement plan and required it to publish a leakage strategy.",
  [["performance improvement plan"], ["leakage strategy"]],
  ["The National Water Regulator responded by placing the Board on a performance improvement plan and requiring it to publish a leakage strategy."])
Q("r05", "fact", "Has the water board agreed to do what the report suggests?",
  "In principle, yes, subject to the National Water Regulator approving its budget.",
  [["in principle"]],
  ["Aisling Doyle has told us that the Board accepts the recommendations in principle, subject to approval of its budget by the National Water Regulator."])
Q("r06", "number", "How far over budget did the programme go?",
  "About 1.4 million pounds (around 10 percent): budgeted at 14.2 million pounds, final cost 15.6 million pounds.",
  [["1.4 million pounds", "about 10 percent"]],
  ["The programme was budgeted at 14.2 million pounds and its final cost was 15.6 million pounds, an overrun of about 10 percent."])
Q("r07", "number", "How many leaks did crews repair?",
  "4,870 over the three years, compared with about 2,900 in the previous three years.",
  [["4,870"]],
  ["Over the three years crews found and repaired 4,870 leaks, compared with about 2,900 in the previous three years."])
Q("r08", "number", "How many people get their water from the board?",
  "About 310,000 people.",
  [["310,000"]],
  ["The Dunmore Valley Water Board supplies drinking water to about 310,000 people in the towns of Kelbridge, Stowmarsh and Ferrin Hill and the surrounding villages."])
Q("r09", "number", "How much water a day is the programme saving?",
  "Roughly 9.5 million litres per day.",
  [["9.5 million litres"]],
  ["This is a real improvement, equal to roughly 9.5 million litres of water saved every day, but the programme missed its target and went over budget."])
Q("r10", "number", "By what percentage did bursts go down where pressure was managed?",
  "By 34 percent in the pressure management zones.",
  [["34 percent"]],
  ["In these zones the number of bursts fell by 34 percent."])
Q("r11", "who", "Who was in charge of running the programme?",
  "Programme manager Aisling Doyle, reporting to chief executive Gareth Morrow.",
  [["Aisling Doyle"]],
  ["The programme was led by the Board's programme manager, Aisling Doyle, and reported to the chief executive, Gareth Morrow."])
Q("r12", "who", "Which researchers looked at the leak sensor data?",
  "A University of Kelbridge team led by Dr Peter Hale.",
  [["Peter Hale"], ["University of Kelbridge"]],
  ["Researchers from the University of Kelbridge, led by Dr Peter Hale, analysed data from the acoustic leak loggers."])
Q("r13", "when", "When was the hosepipe ban and how long did it go on?",
  "It was imposed in August 2022 and lasted seven weeks.",
  [["August 2022"], ["seven weeks"]],
  ["In August 2022 the Board imposed a hosepipe ban that affected 140,000 residents and lasted seven weeks."])
Q("r14", "where", "Which part of the network is losing the most water?",
  "The Stowmarsh zone, where losses were still 44 percent at the end of 2024.",
  [["Stowmarsh"]],
  ["Losses in the Stowmarsh zone remained at 44 percent at the end of 2024, far above the network average."])
Q("r15", "list", "Which towns does the Dunmore Valley Water Board supply?",
  "Kelbridge, Stowmarsh and Ferrin Hill, plus surrounding villages.",
  [["Kelbridge"], ["Stowmarsh"], ["Ferrin Hill"]],
  ["The Dunmore Valley Water Board supplies drinking water to about 310,000 people in the towns of Kelbridge, Stowmarsh and Ferrin Hill and the surrounding villages."])
Q("r16", "list", "What were the main parts of the leak programme?",
  "Four parts: finding and fixing leaks faster, managing water pressure, installing smart meters, and replacing the worst sections of pipe.",
  [["finding and fixing leaks"], ["managing water pressure"], ["installing smart meters"], ["replacing the worst sections"]],
  ["It had four parts: finding and fixing leaks faster, managing water pressure, installing smart meters, and replacing the worst sections of pipe."])
Q("r17", "list", "What does the report recommend the board do next?",
  "Replace at least 120 km of old cast-iron mains by 2030 starting with Stowmarsh; finish the smart meter rollout with at least two suppliers; extend pressure management to 15 more zones; offer free customer leak repairs up to 300 pounds; and publish zone leakage figures every quarter.",
  [["120 kilometres"], ["two meter suppliers"], ["15 zones"], ["customer leak repair scheme"], ["each quarter"]],
  ["First, replace at least 120 kilometres of the oldest cast-iron mains by 2030, starting with Stowmarsh.",
   "Second, complete the smart meter rollout and sign contracts with at least two meter suppliers, so that a problem at one company cannot hold up the whole programme again.",
   "Third, extend pressure management to a further 15 zones, since it was the cheapest measure per litre saved.",
   "Fourth, set up a customer leak repair scheme that offers free repairs of up to 300 pounds on private supply pipes.",
   "Fifth, publish leakage figures for every zone each quarter."])
Q("r18", "why", "Why were the smart meters late?",
  "Aquantis Metering could not deliver on time because of a global shortage of electronic chips, and the Board had no second supplier.",
  [["shortage"], ["no second supplier"]],
  ["Aquantis Metering was unable to deliver on time because of a global shortage of the electronic chips used in the meters, and the Board had no second supplier."])
Q("r19", "why", "What caused so many pipes to burst in 2022?",
  "A long hot, dry spell made the valley's clay soils shrink, which cracks the brittle old cast-iron mains.",
  [["clay soils"], ["shrink"]],
  ["In 2022 a long spell of hot, dry weather caused clay soils in the valley to shrink, and the number of burst mains rose sharply."])
Q("r20", "why", "Why is Stowmarsh doing so much worse than everywhere else?",
  "It has the highest share of cast-iron pipe, its hilly streets give naturally high pressure, and pipe replacement there was paused for five months in 2023 while a bridge on the access road was closed.",
  [["cast-iron pipe"], ["hilly"], ["bridge"]],
  ["Stowmarsh has the highest share of cast-iron pipe in the valley, and its hilly streets mean the water pressure is naturally high.",
   "Pipe replacement there was paused for five months in 2023 because a bridge on the main access road was closed for repairs, which kept Pellow and Strand's crews away from the area."])
Q("r21", "why", "Why did the programme cost more than planned?",
  "About 900,000 pounds went on emergency repairs to cast-iron mains that failed in the cold winter of 2023; the rest was extra labour and storage caused by the meter delays.",
  [["emergency repairs"], ["meter delays"]],
  ["Of the 1.4 million pounds of extra spending, around 900,000 pounds went on emergency repairs to cast-iron mains that failed during the cold winter of 2023, and the rest on extra labour and storage costs caused by the meter delays."])
Q("r22", "how", "How does managing pressure help with leaks?",
  "Valves lower the pressure at night when demand is low; lower pressure strains old joints less and reduces the water lost through leaks not yet found.",
  [["at night"], ["less strain"]],
  ["The network was divided into 22 pressure management zones, in which valves lower the water pressure at night when demand is low.",
   "Lower pressure puts less strain on old joints and also reduces the amount of water lost through any leak that has not yet been found."])
Q("r23", "how", "How do the acoustic loggers find leaks?",
  "They listen for the sound of escaping water and send an alert when a leak is likely.",
  [["sound of escaping water"]],
  ["The Board installed 2,400 acoustic loggers, which listen for the sound of escaping water and send an alert when a leak is likely."])
Q("r24", "summary", "What's this report about?",
  "It reviews the Dunmore Valley Water Board's 2022-2024 Leak Reduction Programme, which cut non-revenue water from 38% to 29% but missed its 25% target and went about 10% over budget, and it makes five recommendations.",
  [],
  ["This report reviews the Leak Reduction Programme run by the Dunmore Valley Water Board between 2022 and 2024.",
   "This is a real improvement, equal to roughly 9.5 million litres of water saved every day, but the programme missed its target and went over budget."])
Q("r25", "summary", "Summarize the report in detail please",
  "After the 2022 drought, bursts and a seven-week hosepipe ban, the Dunmore Valley Water Board ran a leak programme (leak detection, pressure management, smart meters, pipe replacement). Losses fell from 38% to 29% (target 25%), costing 15.6m pounds against 14.2m. Detection and pressure management worked well; the smart meter rollout lagged (31,000 of 45,000) due to a chip shortage; customer pipes cause 18% of losses; Stowmarsh remains at 44%. It recommends replacing 120 km of cast iron, finishing meters with two suppliers, 15 more pressure zones, a customer repair scheme, and quarterly reporting.",
  [],
  ["This report reviews the Leak Reduction Programme run by the Dunmore Valley Water Board between 2022 and 2024.",
   "By the end of 2024 the figure had fallen to 29 percent.",
   "We conclude that the approach was sound but that the Board underestimated the condition of its oldest pipes."])
Q("r26", "metadata", "Who wrote this report?",
  "Helen Achterberg and Rajiv Menon of Cairnfield Infrastructure Advisory, for the Dunmore Valley Water Board.",
  [["Helen Achterberg"], ["Rajiv Menon"]],
  ["Helen Achterberg and Rajiv Menon, Cairnfield Infrastructure Advisory, for the Dunmore Valley Water Board"])
U("r27", "metadata", "When was this report published?",
  "The report gives no publication date; it only covers events from 2022 to 2024 (and sets a 2030 goal).")
Q("r28", "metadata", "What is the report called?",
  "Stopping the Losses: A Review of the Dunmore Valley Leak Reduction Programme",
  [["Stopping the Losses"]],
  ["Stopping the Losses: A Review of the Dunmore Valley Leak Reduction Programme"])
U("r29", "unanswerable-near-miss", "How many kilometres of pipe were replaced during the programme?")
U("r30", "unanswerable-near-miss", "How much did each smart meter cost to install?")
U("r31", "off-topic", "At what temperature does water boil at sea level?")

if __name__ == "__main__":
    with open("questions.jsonl", "w") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(len(items), "questions written")
