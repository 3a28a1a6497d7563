package io.pgextra.hibernate.test.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** A value type stored as text through a converter that lower-cases on the way in. */
public record Email(String address) {

	@Converter
	public static class EmailConverter implements AttributeConverter<Email, String> {
		@Override
		public String convertToDatabaseColumn(Email email) {
			return email == null ? null : "mailto:" + email.address().toLowerCase();
		}

		@Override
		public Email convertToEntityAttribute(String column) {
			return column == null ? null : new Email( column.substring( "mailto:".length() ) );
		}
	}
}
