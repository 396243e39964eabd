module early.rapport.app/locale

go 1.26.0
