# Read the release CSVs with base R: the sectors in order, each quote with its speaker.
# Run from the unzipped release folder.
# An empty cell is NA, and nothing else is (not even "NA").
read_table <- function(name) {
  read.csv(file.path("data", paste0(name, ".csv")),
           fileEncoding = "UTF-8", na.strings = "", stringsAsFactors = FALSE)
}

sectors <- read_table("sectors")
sectors <- sectors[order(sectors$position), ]
cat(sprintf("%d %s\n", sectors$position, sectors$name), sep = "")

# quotes.speaker is a foreign key to persons.id.
quotes <- read_table("quotes")
persons <- read_table("persons")
said <- merge(quotes, persons, by.x = "speaker", by.y = "id",
              suffixes = c("", ".person"))
said <- said[order(said$id), ]
cat(sprintf("%s (%s): %s\n", said$name, said$office, said$text), sep = "")
