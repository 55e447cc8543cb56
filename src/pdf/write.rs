//! Pages to PDF bytes with `pdf-writer`: the base-14 fonts in WinAnsiEncoding (nothing
//! embedded), a running header with the page's part and "page x of y", the classification
//! marking in every page's footer. No timestamps or ids: the same pages give the same bytes.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::layout::{encode, width, Font, Page, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};

fn font_name(font: Font) -> Name<'static> {
    match font {
        Font::Regular => Name(b"F1"),
        Font::Bold => Name(b"F2"),
        Font::Mono => Name(b"F3"),
    }
}

fn text(content: &mut Content, x: f32, y: f32, font: Font, size: f32, text: &str) {
    content.begin_text();
    content.set_font(font_name(font), size);
    content.next_line(x, y);
    content.show(Str(&encode(text)));
    content.end_text();
}

/// The PDF of `pages`, titled `title`.
pub fn pdf(pages: &[Page], title: &str, organisation: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let info = Ref::new(3);
    let fonts = [
        (Font::Regular, Ref::new(4), "Helvetica"),
        (Font::Bold, Ref::new(5), "Helvetica-Bold"),
        (Font::Mono, Ref::new(6), "Courier"),
    ];
    let first_page = 7;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .author(TextStr(organisation))
        .creator(TextStr("annexa"));
    for (_, id, name) in fonts {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let id = page_ids[index];
        let content_id = Ref::new(id.get() + 1);
        let mut writer = pdf.page(id);
        writer
            .parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        {
            let mut resources = writer.resources();
            let mut dict = resources.fonts();
            for (font, font_id, _) in fonts {
                dict.pair(font_name(font), font_id);
            }
        }
        writer.finish();
        let mut content = Content::new();
        // Running header: the part on the left, the page number on the right, a rule below.
        let number = format!("page {} of {total}", index + 1);
        let top = PAGE_HEIGHT - 40.0;
        text(&mut content, MARGIN, top, Font::Bold, 8.0, &page.header);
        text(
            &mut content,
            PAGE_WIDTH - MARGIN - width(&number, Font::Regular, 8.0),
            top,
            Font::Regular,
            8.0,
            &number,
        );
        content.set_line_width(0.5);
        content.move_to(MARGIN, top - 6.0);
        content.line_to(PAGE_WIDTH - MARGIN, top - 6.0);
        content.stroke();
        // The classification marking, centred in the footer.
        if !page.marking.is_empty() {
            let w = width(&page.marking, Font::Bold, 9.0);
            text(
                &mut content,
                (PAGE_WIDTH - w) / 2.0,
                36.0,
                Font::Bold,
                9.0,
                &page.marking,
            );
        }
        for rule in &page.rules {
            content.move_to(rule.x1, rule.y);
            content.line_to(rule.x2, rule.y);
            content.stroke();
        }
        for run in &page.runs {
            text(&mut content, run.x, run.y, run.font, run.size, &run.text);
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}
