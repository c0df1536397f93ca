import { api, session } from './api';
import { errorMessage, formatDate, h } from './dom';
import type { InstanceComment, InstanceEvent } from './types';

export interface CommentsPanel {
  element: HTMLElement;
  /** Takes a live event of the instance; only `instance.comment_added` adds anything. */
  onEvent(event: InstanceEvent): void;
}

/**
 * The comments of an instance card, oldest first, with a form for those who may comment. A
 * comment can arrive twice (the answer to one's own post and its live event, or the first read
 * and an event just after): comments are kept by id, so each shows once.
 */
export function commentsPanel(instanceId: string): CommentsPanel {
  const comments = new Map<string, InstanceComment>();
  const list = h('ol', { class: 'comments', 'data-testid': 'comments' });
  const problem = h('p', { class: 'error', role: 'alert' });

  const render = () => {
    const sorted = [...comments.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    list.replaceChildren(
      ...(sorted.length
        ? sorted.map((comment) =>
            h(
              'li',
              { 'data-id': comment.id },
              h(
                'p',
                { class: 'comment-meta' },
                h('strong', {}, comment.authorName),
                ' · ',
                formatDate(comment.createdAt),
              ),
              h('p', { class: 'comment-body' }, comment.body),
            ),
          )
        : [h('li', { class: 'muted' }, 'No comments yet.')]),
    );
  };

  const add = (comment: InstanceComment) => {
    comments.set(comment.id, comment);
    render();
  };

  const textarea = h('textarea', {
    id: `comment-${instanceId}`,
    name: 'body',
    rows: 3,
    maxlength: 5000,
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Add comment');
  const form = h(
    'form',
    {
      'aria-label': 'Add a comment',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        const body = textarea.value.trim();
        if (!body) {
          problem.textContent = 'Write a comment first.';
          return;
        }
        submit.disabled = true;
        try {
          add(await api.addInstanceComment(instanceId, body));
          textarea.value = '';
          problem.textContent = '';
        } catch (err) {
          problem.textContent = `Could not add the comment: ${errorMessage(err)}`;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', { for: `comment-${instanceId}` }, 'Comment'),
    textarea,
    submit,
  );

  render();
  api.listInstanceComments(instanceId).then(
    (page) => {
      for (const comment of page.items) comments.set(comment.id, comment);
      render();
    },
    (err) => (problem.textContent = `Could not load the comments: ${errorMessage(err)}`),
  );

  return {
    element: h(
      'section',
      { class: 'card instance-comments' },
      h('h3', {}, 'Comments'),
      list,
      problem,
      session.canComment ? form : '',
    ),
    onEvent(event) {
      if (event.type !== 'instance.comment_added' || comments.has(event.payload.commentId)) return;
      add({
        id: event.payload.commentId,
        instanceId,
        authorId: event.payload.authorId,
        authorName: event.payload.authorName,
        body: event.payload.body,
        createdAt: event.createdAt,
      });
    },
  };
}
